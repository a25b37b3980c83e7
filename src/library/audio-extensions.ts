import { extname } from 'node:path';

/**
 * File name endings a folder scan treats as audio. The decoder detects the real format from the
 * bytes; this list only decides which files in a folder are worth trying.
 */
export const AUDIO_EXTENSIONS: ReadonlySet<string> = new Set([
  // decoded without system tools (WAV, MP3, FLAC, Ogg Vorbis/Opus)
  'wav', 'wave', 'bwf', 'rf64', 'mp3', 'mp2', 'mpga', 'flac', 'fla', 'ogg', 'oga', 'opus', 'spx',
  // need ffmpeg
  'm4a', 'm4b', 'mp4', 'aac', 'adts', 'alac', 'caf', 'aif', 'aiff', 'aifc', 'au', 'snd', 'wma', 'asf',
  'ape', 'wv', 'mpc', 'tta', 'mka', 'webm', 'ac3', 'eac3', 'dts', 'amr', 'w64', 'dsf', 'dff',
  // tracker modules (ffmpeg's libopenmpt / modplug demuxers)
  'mod', 'it', 's3m', 'xm', 'mptm', 'mo3', 'umx', '669', 'mtm', 'med', 'okt', 'stm', 'far', 'ult',
]);

/**
 * Playlist file endings; the reader tells M3U, PLS, XSPF, WPL, ASX and iTunes' XML apart by content. A
 * folder scan reads none of them (a folder's playlists would list its tracks twice); named on the
 * command line, they are read.
 */
export const PLAYLIST_EXTENSIONS: ReadonlySet<string> = new Set(['m3u', 'm3u8', 'pls', 'xspf', 'wpl', 'zpl', 'asx', 'wax', 'wvx', 'xml']);

/** Lower-case extension without the dot ('' when there is none). */
function ext(path: string): string {
  return extname(path).slice(1).toLowerCase();
}

/** True when the file name ends in a known audio extension (case-insensitive). */
export function isAudioFileName(path: string): boolean {
  return AUDIO_EXTENSIONS.has(ext(path));
}

/** True when the file name ends in a playlist extension (case-insensitive). */
export function isPlaylistFileName(path: string): boolean {
  return PLAYLIST_EXTENSIONS.has(ext(path));
}
