/**
 * What each exported dtype means, in one place. The residual stream, the
 * norms, RoPE, attention scores and softmax run in fp32 in every variant;
 * only the matmul activations (and the KV cache) become fp16. Qwen2-1.5B in
 * plain fp16 overflows (its MLP down_proj sees inputs above 10^4 and the
 * residual grows past 65504), turning logits to NaN and greedy output to
 * "!!!!" (token 0), and its q·k products overflow fp16 too.
 */
import { type ElemType, TensorType } from './onnx-proto';

export type ExportDtype = 'fp32' | 'fp16' | 'q4' | 'q4f16';
export const EXPORT_DTYPES: readonly ExportDtype[] = ['fp32', 'fp16', 'q4', 'q4f16'];

export interface Plan {
  dtype: ExportDtype;
  /** Type of matmul inputs, weights (or q4 scales) and outputs. */
  act: ElemType;
  /** Type of past_key_values / present. */
  kv: ElemType;
  q4: boolean;
  /** q4 only: asymmetric blocks with zero points instead of symmetric ones. */
  zeroPoints: boolean;
  /**
   * fp16 (not q4f16): the down_proj MatMul has no fp32 variant without fp32
   * weights, so its input is divided by this power of two before the fp16
   * matmul and the output multiplied back in fp32. Exact except in fp16's
   * subnormal range, and it keeps the fp16 partial sums 32× away from overflow.
   */
  downScale: number;
  /**
   * Keep an untied lm_head in float in q4 graphs. A tied head always stays
   * float: it is the embedding table itself (Gemm with transB), stored once.
   */
  floatLmHead: boolean;
}

export interface PlanOptions {
  zeroPoints?: boolean;
  floatLmHead?: boolean;
}

export function planFor(dtype: ExportDtype, options: PlanOptions = {}): Plan {
  const half = dtype === 'fp16' || dtype === 'q4f16';
  const q4 = dtype === 'q4' || dtype === 'q4f16';
  return {
    dtype,
    act: half ? TensorType.FLOAT16 : TensorType.FLOAT,
    kv: half ? TensorType.FLOAT16 : TensorType.FLOAT,
    q4,
    zeroPoints: q4 && options.zeroPoints === true,
    downScale: dtype === 'fp16' ? 32 : 1,
    floatLmHead: options.floatLmHead === true,
  };
}

/** Whether the lm_head is a MatMulNBits. */
export function quantizedLmHead(plan: Plan, tied: boolean): boolean {
  return plan.q4 && !tied && !plan.floatLmHead;
}
