/** Object names that have tripped up encoders, signers and parsers: any test of names uses them. */
export const AWKWARD_NAMES: readonly string[] = [
  'with spaces in it.txt',
  'a+b=c.txt',
  '100% done.txt',
  '%2F is not a slash.txt',
  'notes #1.txt',
  "it's.txt",
  'question?and&amp=1.txt',
  'café.txt',
  '日本/レポート.csv',
  '🎉 party 🎈.bin',
  'deep/nested/path/to/object.bin',
  'folder/',
  'double//slash.txt',
];
