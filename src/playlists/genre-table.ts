/**
 * ID3v1 genre numbers: 0–79 from the ID3v1 specification, 80–191 the Winamp extensions
 * (133 is given the name Afro-Punk, as several taggers now do). 255 means "no genre".
 */
export const ID3V1_GENRES: readonly string[] = [
  // 0–19
  'Blues', 'Classic Rock', 'Country', 'Dance', 'Disco', 'Funk', 'Grunge', 'Hip-Hop', 'Jazz', 'Metal',
  'New Age', 'Oldies', 'Other', 'Pop', 'R&B', 'Rap', 'Reggae', 'Rock', 'Techno', 'Industrial',
  // 20–39
  'Alternative', 'Ska', 'Death Metal', 'Pranks', 'Soundtrack', 'Euro-Techno', 'Ambient', 'Trip-Hop', 'Vocal', 'Jazz+Funk',
  'Fusion', 'Trance', 'Classical', 'Instrumental', 'Acid', 'House', 'Game', 'Sound Clip', 'Gospel', 'Noise',
  // 40–59
  'Alternative Rock', 'Bass', 'Soul', 'Punk', 'Space', 'Meditative', 'Instrumental Pop', 'Instrumental Rock', 'Ethnic', 'Gothic',
  'Darkwave', 'Techno-Industrial', 'Electronic', 'Pop-Folk', 'Eurodance', 'Dream', 'Southern Rock', 'Comedy', 'Cult', 'Gangsta',
  // 60–79
  'Top 40', 'Christian Rap', 'Pop/Funk', 'Jungle', 'Native American', 'Cabaret', 'New Wave', 'Psychedelic', 'Rave', 'Showtunes',
  'Trailer', 'Lo-Fi', 'Tribal', 'Acid Punk', 'Acid Jazz', 'Polka', 'Retro', 'Musical', 'Rock & Roll', 'Hard Rock',
  // 80–99 (Winamp)
  'Folk', 'Folk-Rock', 'National Folk', 'Swing', 'Fast Fusion', 'Bebop', 'Latin', 'Revival', 'Celtic', 'Bluegrass',
  'Avantgarde', 'Gothic Rock', 'Progressive Rock', 'Psychedelic Rock', 'Symphonic Rock', 'Slow Rock', 'Big Band', 'Chorus', 'Easy Listening', 'Acoustic',
  // 100–119
  'Humour', 'Speech', 'Chanson', 'Opera', 'Chamber Music', 'Sonata', 'Symphony', 'Booty Bass', 'Primus', 'Porn Groove',
  'Satire', 'Slow Jam', 'Club', 'Tango', 'Samba', 'Folklore', 'Ballad', 'Power Ballad', 'Rhythmic Soul', 'Freestyle',
  // 120–139
  'Duet', 'Punk Rock', 'Drum Solo', 'A Cappella', 'Euro-House', 'Dance Hall', 'Goa', 'Drum & Bass', 'Club-House', 'Hardcore',
  'Terror', 'Indie', 'Britpop', 'Afro-Punk', 'Polsk Punk', 'Beat', 'Christian Gangsta Rap', 'Heavy Metal', 'Black Metal', 'Crossover',
  // 140–159
  'Contemporary Christian', 'Christian Rock', 'Merengue', 'Salsa', 'Thrash Metal', 'Anime', 'J-Pop', 'Synthpop', 'Abstract', 'Art Rock',
  'Baroque', 'Bhangra', 'Big Beat', 'Breakbeat', 'Chillout', 'Downtempo', 'Dub', 'EBM', 'Eclectic', 'Electro',
  // 160–179
  'Electroclash', 'Emo', 'Experimental', 'Garage', 'Global', 'IDM', 'Illbient', 'Industro-Goth', 'Jam Band', 'Krautrock',
  'Leftfield', 'Lounge', 'Math Rock', 'New Romantic', 'Nu-Breakz', 'Post-Punk', 'Post-Rock', 'Psytrance', 'Shoegaze', 'Space Rock',
  // 180–191
  'Trop Rock', 'World Music', 'Neoclassical', 'Audiobook', 'Audio Theatre', 'Neue Deutsche Welle', 'Podcast', 'Indie Rock', 'G-Funk', 'Dubstep',
  'Garage Rock', 'Psybient',
];

/**
 * Other spellings of table genres and common genres outside the table, by comparison key
 * (see genreKey): the value is the canonical spelling.
 */
export const GENRE_ALIASES: Readonly<Record<string, string>> = {
  alternrock: 'Alternative Rock',
  psychadelic: 'Psychedelic',
  bebob: 'Bebop',
  acapella: 'A Cappella',
  jpop: 'J-Pop',
  kpop: 'K-Pop',
  synthpop: 'Synthpop',
  rnb: 'R&B',
  randb: 'R&B',
  rhythmandblues: 'R&B',
  hiphop: 'Hip-Hop',
  triphop: 'Trip-Hop',
  dnb: 'Drum & Bass',
  drumnbass: 'Drum & Bass',
  drumandbass: 'Drum & Bass',
  rocknroll: 'Rock & Roll',
  rockandroll: 'Rock & Roll',
  lofi: 'Lo-Fi',
  edm: 'EDM',
  ost: 'Soundtrack',
  score: 'Soundtrack',
  soundtracks: 'Soundtrack',
  videogame: 'Game',
  videogamemusic: 'Game',
  gamemusic: 'Game',
  electronica: 'Electronica',
  chiptune: 'Chiptune',
  worldmusic: 'World Music',
  world: 'World Music',
  rx: 'Remix',
  cr: 'Cover',
};
