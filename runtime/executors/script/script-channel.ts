// Runtime script executor — the byte channel between the engine and its script host
// (docs/runtime-effects.md §4): length-prefixed v8-serialized frames over two pipes, the engine's
// requests on the host's fd 0 and the host's messages on its fd 3. Not Node's IPC channel: a
// script shares its host's descriptors, and bytes it wrote to that channel reached Node's own
// parser in the engine, which throws from its socket read on anything it cannot deserialize and
// so ended the engine's process. Here the engine reads the frames itself; each message from the
// host carries an HMAC-SHA256 under a key only the host's main thread holds, and the engine
// checks it before it deserializes anything.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';

/** Larger than any message the host sends (a result is JSON data a script returned). */
export const maxFrameBytes = 1024 * 1024 * 1024;
const macBytes = 32;

/** The bytes of one frame: a big-endian u32 length, then the body. */
export function frame(body: Buffer): Buffer {
  const head = Buffer.allocUnsafe(4);
  head.writeUInt32BE(body.length);
  return Buffer.concat([head, body]);
}

/** A request from the engine: only the host's main thread reads fd 0, so no MAC. */
export function encodeRequest(message: unknown): Buffer {
  return frame(serialize(message));
}

export function decodeRequest(body: Buffer): unknown {
  return deserialize(body);
}

/** A message from the host, signed with its key. */
export function encodeSigned(key: Buffer, message: unknown): Buffer {
  const payload = serialize(message);
  return frame(Buffer.concat([createHmac('sha256', key).update(payload).digest(), payload]));
}

/** The message a signed frame carries, or undefined if its MAC is not the key's (a forgery). */
export function decodeSigned(key: Buffer, body: Buffer): unknown {
  if (body.length < macBytes) return undefined;
  const payload = body.subarray(macBytes);
  const mac = createHmac('sha256', key).update(payload).digest();
  if (!timingSafeEqual(mac, body.subarray(0, macBytes))) return undefined;
  return deserialize(payload);
}

/** Splits a byte stream into frame bodies; a length no frame can have means the stream is garbled. */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  /** Bytes read and not yet part of a complete frame. */
  get pending(): number {
    return this.buffered;
  }

  /** The complete bodies `chunk` finished; throws if the stream cannot be a stream of frames. */
  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const bodies: Buffer[] = [];
    for (;;) {
      if (this.buffered < 4) return bodies;
      if (this.chunks[0]!.length < 4) this.chunks = [Buffer.concat(this.chunks)];
      const length = this.chunks[0]!.readUInt32BE(0);
      if (length > maxFrameBytes) throw new Error(`a frame of ${length} bytes`);
      // Joined once the frame is complete: a large result comes in many chunks.
      if (this.buffered < 4 + length) return bodies;
      const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
      bodies.push(all.subarray(4, 4 + length));
      const rest = all.subarray(4 + length);
      this.chunks = rest.length ? [rest] : [];
      this.buffered = rest.length;
    }
  }
}
