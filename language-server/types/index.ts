// The Weft type system's public surface: the inferrer service and the pure helpers over IR
// `TypeRef`s. Other language-server areas (completion, hover, inlay hints) import from here.
export * from './type-constructors.js';
export * from './type-printer.js';
export * from './type-relations.js';
export * from './type-members.js';
export * from './operator-types.js';
export type { SignatureParam, SignatureType, StdlibSignature } from './stdlib-signatures.js';
export { findStdlibSignature, parseSignatureType, stdlibSignatures } from './stdlib-signatures.js';
export * from './weft-type-inferrer.js';
