/**
 * A small typed builder for ONNX graphs. It names values, tracks each value's
 * element type as nodes are added and emits a value_info for every
 * intermediate, so ONNX Runtime checks our idea of the types against its own
 * inference at load time, and tests can read back where fp16 and fp32 meet.
 */
import { f32ToF16Bits as f16 } from './float';
import {
  type Attribute,
  AttrType,
  type Dim,
  type ElemType,
  type NodeMessage,
  TensorType,
  valueInfo,
} from './onnx-proto';
import type { GraphSpec, Initializer } from './onnx-writer';

export type AttrValue = number | number[] | string | { float: number } | { floats: number[] };

/** Ops whose output type is fixed, not the first input's. */
const FIXED_OUT: Record<string, ElemType> = {
  Shape: TensorType.INT64,
  Equal: TensorType.BOOL,
  Less: TensorType.BOOL,
  LessOrEqual: TensorType.BOOL,
  Greater: TensorType.BOOL,
  And: TensorType.BOOL,
};

export class GraphBuilder {
  readonly nodes: NodeMessage[] = [];
  readonly initializers: Initializer[] = [];
  readonly types = new Map<string, ElemType>();
  private readonly inputs: { name: string; type: ElemType; dims: Dim[] }[] = [];
  private readonly outputs: { name: string; type: ElemType; dims: Dim[] }[] = [];
  private readonly counts = new Map<string, number>();
  private readonly constants = new Map<string, string>();
  private readonly domains = new Set<string>();
  scope = '';

  input(name: string, type: ElemType, dims: Dim[]): string {
    this.inputs.push({ name, type, dims });
    this.types.set(name, type);
    return name;
  }

  /** Marks a value as a graph output under `name` (through an Identity when the value has another name). */
  output(value: string, name: string, dims: Dim[]): void {
    const type = this.typeOf(value);
    if (value !== name) this.node('Identity', [value], {}, { name });
    this.outputs.push({ name, type, dims });
  }

  typeOf(value: string): ElemType {
    const type = this.types.get(value);
    if (type === undefined) throw new Error(`Graph builder: unknown value ${value}.`);
    return type;
  }

  weight(init: Initializer): string {
    this.initializers.push(init);
    this.types.set(init.name, init.dataType as ElemType);
    return init.name;
  }

  /** A small constant initializer, shared between uses with the same content. */
  const(type: ElemType, dims: number[], values: number[]): string {
    const key = `${type}|${dims.join(',')}|${values.join(',')}`;
    const known = this.constants.get(key);
    if (known) return known;
    const name = `const_${this.constants.size}`;
    const bytes = encodeValues(type, values);
    this.weight({ name, dataType: type, dims, byteLength: bytes.length, data: () => bytes });
    this.constants.set(key, name);
    return name;
  }

  i64(values: number[], scalar = false): string {
    return this.const(TensorType.INT64, scalar ? [] : [values.length], values);
  }

  f32(value: number): string {
    return this.const(TensorType.FLOAT, [], [value]);
  }

  /** A scalar in the given float type, for arithmetic in that type. */
  scalar(type: ElemType, value: number): string {
    return this.const(type, [], [value]);
  }

  node(
    op: string,
    inputs: string[],
    attrs: Record<string, AttrValue> = {},
    options: { name?: string; domain?: string; outType?: ElemType } = {},
  ): string {
    const [out] = this.nodeN(op, inputs, 1, attrs, options);
    return out as string;
  }

  nodeN(
    op: string,
    inputs: string[],
    count: number,
    attrs: Record<string, AttrValue> = {},
    options: { name?: string; domain?: string; outType?: ElemType } = {},
  ): string[] {
    const n = (this.counts.get(op) ?? 0) + 1;
    this.counts.set(op, n);
    const nodeName = `${this.scope}/${op}_${n}`;
    const outputs = Array.from({ length: count }, (_, i) =>
      i === 0 && options.name ? options.name : `${nodeName}/output_${i}`,
    );
    const type = options.outType ?? this.inferType(op, inputs, attrs);
    for (const out of outputs) this.types.set(out, type);
    if (options.domain) this.domains.add(options.domain);
    this.nodes.push({
      name: nodeName,
      op_type: op,
      ...(options.domain ? { domain: options.domain } : {}),
      input: inputs,
      output: outputs,
      attribute: Object.entries(attrs).map(([name, value]) => attribute(name, value)),
    });
    return outputs;
  }

  private inferType(op: string, inputs: string[], attrs: Record<string, AttrValue>): ElemType {
    if (op === 'Cast') return attrs.to as ElemType;
    const fixed = FIXED_OUT[op];
    if (fixed !== undefined) return fixed;
    // Where(condition, x, y) has the type of x; everything else here follows input 0.
    return this.typeOf((op === 'Where' ? inputs[1] : inputs[0]) ?? '');
  }

  /** Casts unless the value already has the type. */
  cast(value: string, to: ElemType): string {
    return this.typeOf(value) === to ? value : this.node('Cast', [value], { to });
  }

  spec(name: string): GraphSpec {
    const io = new Set([...this.inputs.map((v) => v.name), ...this.outputs.map((v) => v.name)]);
    const inits = new Set(this.initializers.map((i) => i.name));
    const valueInfos = [...this.types.entries()]
      .filter(([value]) => !io.has(value) && !inits.has(value))
      .map(([value, type]) => valueInfo(value, type));
    return {
      name,
      nodes: this.nodes,
      inputs: this.inputs.map((v) => valueInfo(v.name, v.type, v.dims)),
      outputs: this.outputs.map((v) => valueInfo(v.name, v.type, v.dims)),
      valueInfo: valueInfos,
      initializers: this.initializers,
      opsets: [
        { domain: '', version: 17 },
        ...[...this.domains].map((domain) => ({ domain, version: 1 })),
      ],
    };
  }
}

function attribute(name: string, value: AttrValue): Attribute {
  if (typeof value === 'number') return { name, type: AttrType.INT, i: value };
  if (typeof value === 'string')
    return { name, type: AttrType.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: AttrType.INTS, ints: value };
  if ('float' in value) return { name, type: AttrType.FLOAT, f: value.float };
  return { name, type: AttrType.FLOATS, floats: value.floats };
}

function encodeValues(type: ElemType, values: number[]): Uint8Array {
  switch (type) {
    case TensorType.INT64:
      return new Uint8Array(BigInt64Array.from(values, (v) => BigInt(v)).buffer);
    case TensorType.FLOAT:
      return new Uint8Array(Float32Array.from(values, Number).buffer);
    case TensorType.FLOAT16:
      return new Uint8Array(Uint16Array.from(values, (v) => f16(Number(v))).buffer);
    default:
      throw new Error(`Graph builder: no constant encoding for type ${type}.`);
  }
}
