export { AUDIO_EXTENSIONS, isAudioFileName, isPlaylistFileName, PLAYLIST_EXTENSIONS } from './audio-extensions.js';
export { decodePlaylistText, type M3uEntry, parseM3u } from './m3u.js';
export { type Library, type LibraryProblem, readLibrary, type TrackRef } from './read-library.js';
export { folderLabel, LabelFileError, type LabelSource, labelNoun, parseLabelSource, readLabelsCsv } from './labels.js';
export { GONE_REASON, splitByPresence } from './still-there.js';
