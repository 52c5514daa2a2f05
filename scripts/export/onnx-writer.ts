/**
 * Streams an ONNX model to disk. protobufjs encodes the small messages (nodes,
 * value infos, tensor headers); this file lays out the big ones by hand:
 * because protobuf is length-prefixed and every initializer's byte length is
 * known before its data exists, we write the graph's length first and then
 * pull each tensor's bytes only when it is due. Peak memory is one tensor.
 *
 * Past 2 GB (protobuf's message limit) weights go to external data files named
 * as transformers.js fetches them: `<model>.onnx_data`, `<model>.onnx_data_1`, …
 * Each chunk stays under 2 GB, since browsers hand each one to ONNX Runtime
 * Web as a single ArrayBuffer.
 */
import path from 'node:path';
import { externalDataFileName } from '../../src/core/model-files';
import {
  GraphProto,
  ModelProto,
  type NodeMessage,
  NodeProto,
  TensorProto,
  type ValueInfoMessage,
  ValueInfoProto,
} from './onnx-proto';
import { FileSink, type WrittenFile } from './sink';

export interface Initializer {
  name: string;
  dataType: number;
  dims: number[];
  byteLength: number;
  /** Produces the little-endian raw bytes; called exactly once, in graph order. */
  data: () => Uint8Array;
}

export interface GraphSpec {
  name: string;
  nodes: NodeMessage[];
  inputs: ValueInfoMessage[];
  outputs: ValueInfoMessage[];
  valueInfo: ValueInfoMessage[];
  initializers: Initializer[];
  opsets: { domain: string; version: number }[];
}

export interface WriteOptions {
  /** 'auto' goes external only when the single file would pass `inlineLimit`. */
  external?: 'auto' | 'always' | 'never';
  inlineLimit?: number;
  chunkBytes?: number;
}

/** Protobuf's hard limit is 2 GiB; stay clear of it. */
export const INLINE_LIMIT = 2_000_000_000;
const EXTERNAL_MIN_BYTES = 1024;
const ALIGN = 4096;

export function writeModel(
  file: string,
  graph: GraphSpec,
  options: WriteOptions = {},
): WrittenFile[] {
  const total = graph.initializers.reduce((sum, init) => sum + init.byteLength, 0);
  const mode = options.external ?? 'auto';
  const external =
    mode === 'always' || (mode === 'auto' && total > (options.inlineLimit ?? INLINE_LIMIT));
  const chunkBytes = options.chunkBytes ?? INLINE_LIMIT;
  const base = path.basename(file);

  // Decide every external tensor's chunk and offset up front: the headers in the
  // .onnx name them, and the .onnx is written before any weight.
  const placement = new Map<string, { chunk: number; offset: number }>();
  if (external) {
    let chunk = 0;
    let offset = 0;
    for (const init of graph.initializers) {
      if (init.byteLength < EXTERNAL_MIN_BYTES) continue;
      const aligned = Math.ceil(offset / ALIGN) * ALIGN;
      if (aligned > 0 && aligned + init.byteLength > chunkBytes) {
        chunk++;
        offset = 0;
      } else offset = aligned;
      placement.set(init.name, { chunk, offset });
      offset += init.byteLength;
    }
  }
  const chunkName = (i: number) => externalDataFileName(base, i);

  const head = GraphProto.encode({
    name: graph.name,
    node: graph.nodes.map((n) => NodeProto.fromObject(n)),
    input: graph.inputs.map((v) => ValueInfoProto.fromObject(v)),
    output: graph.outputs.map((v) => ValueInfoProto.fromObject(v)),
    value_info: graph.valueInfo.map((v) => ValueInfoProto.fromObject(v)),
  }).finish();

  const tensorHeads = graph.initializers.map((init) => {
    const place = placement.get(init.name);
    const header = TensorProto.encode({
      name: init.name,
      data_type: init.dataType,
      dims: init.dims,
      ...(place
        ? {
            data_location: 1,
            external_data: [
              { key: 'location', value: chunkName(place.chunk) },
              { key: 'offset', value: String(place.offset) },
              { key: 'length', value: String(init.byteLength) },
            ],
          }
        : {}),
    }).finish();
    const rawPrefix = place ? new Uint8Array(0) : fieldPrefix(9, init.byteLength);
    const bodyLength = header.length + rawPrefix.length + (place ? 0 : init.byteLength);
    return { header, rawPrefix, prefix: fieldPrefix(5, bodyLength), inline: !place };
  });
  const graphLength =
    head.length +
    tensorHeads.reduce(
      (sum, t, i) =>
        sum +
        t.prefix.length +
        t.header.length +
        t.rawPrefix.length +
        (t.inline ? (graph.initializers[i] as Initializer).byteLength : 0),
      0,
    );

  const modelHead = ModelProto.encode({
    ir_version: 8,
    producer_name: 'math-tutor export-model',
    opset_import: graph.opsets,
  }).finish();

  const sink = new FileSink(file);
  sink.write(modelHead);
  sink.write(fieldPrefix(7, graphLength));
  sink.write(head);
  const chunks: FileSink[] = [];
  graph.initializers.forEach((init, i) => {
    const t = tensorHeads[i] as (typeof tensorHeads)[number];
    sink.write(t.prefix);
    sink.write(t.header);
    const place = placement.get(init.name);
    if (!place) {
      sink.write(t.rawPrefix);
      sink.write(checked(init));
      return;
    }
    let out = chunks[place.chunk];
    if (!out) {
      out = new FileSink(path.join(path.dirname(file), chunkName(place.chunk)));
      chunks[place.chunk] = out;
    }
    out.pad(ALIGN);
    if (out.bytes !== place.offset)
      throw new Error(`External data layout drifted at ${init.name}.`);
    out.write(checked(init));
  });
  const written = [sink.close(), ...chunks.map((c) => c.close())];
  if (sink.bytes !== modelHead.length + fieldPrefix(7, graphLength).length + graphLength) {
    throw new Error('ONNX writer: graph length mismatch.');
  }
  return written;
}

function checked(init: Initializer): Uint8Array {
  const bytes = init.data();
  if (bytes.length !== init.byteLength) {
    throw new Error(
      `Initializer ${init.name}: produced ${bytes.length} bytes, declared ${init.byteLength}.`,
    );
  }
  return bytes;
}

/** Tag and length of a length-delimited field (wire type 2). */
function fieldPrefix(field: number, length: number): Uint8Array {
  const out = [...varint((field << 3) | 2), ...varint(length)];
  return Uint8Array.from(out);
}

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}
