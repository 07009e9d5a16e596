/**
 * Types for simple-peer's self-contained browser build, which @ihkit/video imports instead of the
 * Node entry (that one needs Buffer, process and global from a bundler's polyfills).
 */
declare module 'simple-peer/simplepeer.min.js' {
  import type SimplePeer from 'simple-peer';
  /**
   * The constructor when the file is loaded as CommonJS (Node, or a bundler that wraps it);
   * undefined when a browser loads it as an ES module, which sets `globalThis.SimplePeer` instead.
   */
  const ctor: SimplePeer.SimplePeer | undefined;
  export default ctor;
}
