export { attentionNpzArrays, attentionNpzParts } from './attention-npz';
export { npyParts, type NpyArray } from './npy';
export { crc32, zipStoreParts, type ZipEntry } from './zip-store';
