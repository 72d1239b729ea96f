// The window's calls to the core: one typed function per command of
// docs/COMMANDS.md, generated from the shell's Rust signatures
// (bindings/commands.ts, by src-tauri/tests/commands_ts.rs at `cargo test`).
// Every call rejects with an ApiError, so that pages handle a single error shape.

export type { ApiError } from './bindings/ApiError';
export type { SheetFormat } from './bindings/SheetFormat';
export * from './bindings/commands';
export { toApiError } from './lib/ipc';
