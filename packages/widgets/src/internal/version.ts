// Generated from packages/widgets/package.json by scripts/version-file.mjs; do not edit.
export const VERSION = "0.1.0";
