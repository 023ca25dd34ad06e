export { ARTIFACT_ID_PATTERN, ArtifactIdError, MemoryArtifactStore, artifactIdOf, isArtifactId, type ArtifactStore } from './store';
export { LocalDirectoryStore, DEFAULT_ARTIFACT_DIR, DEFAULT_MAX_TOTAL_BYTES } from './local';
export { ArtifactRecorder, type ArtifactRef, type RecorderOptions, type RecorderStats } from './recorder';
export {
  DEFAULT_MAX_STREAM_BYTES,
  ToolchainLogFormatError,
  capStream,
  decodeToolchainLog,
  encodeToolchainLog,
  type DecodedLog,
  type StreamName,
  type ToolchainOutput,
} from './toolchain-log';
