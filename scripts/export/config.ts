/**
 * The subset of a Hugging Face Qwen2 config.json the graph depends on, read
 * strictly: an unsupported feature (rope scaling, sliding window) fails the
 * export instead of producing a graph that silently computes something else.
 */
import { CheckpointError } from './safetensors';

export interface Qwen2Config {
  hiddenSize: number;
  intermediateSize: number;
  numLayers: number;
  numHeads: number;
  numKvHeads: number;
  headDim: number;
  vocabSize: number;
  ropeTheta: number;
  rmsNormEps: number;
  tieWordEmbeddings: boolean;
  maxPositionEmbeddings: number;
}

export function parseQwen2Config(raw: Record<string, unknown>): Qwen2Config {
  const arch = Array.isArray(raw.architectures) ? raw.architectures[0] : undefined;
  if (raw.model_type !== 'qwen2' && arch !== 'Qwen2ForCausalLM') {
    throw new CheckpointError(
      `config.json has model_type "${String(raw.model_type)}"; only qwen2 is supported.`,
    );
  }
  const int = (key: string): number => {
    const value = raw[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
      throw new CheckpointError(`config.json needs a positive integer "${key}".`);
    }
    return value;
  };
  const rope = raw.rope_scaling as { type?: string; rope_type?: string } | null | undefined;
  const ropeType = rope?.rope_type ?? rope?.type;
  if (rope && ropeType !== 'default') {
    throw new CheckpointError(
      `rope_scaling type "${String(ropeType)}" is not supported by the exporter.`,
    );
  }
  if (raw.use_sliding_window === true) {
    throw new CheckpointError(
      'use_sliding_window is true; the exporter implements full attention only.',
    );
  }
  const hiddenSize = int('hidden_size');
  const numHeads = int('num_attention_heads');
  const numKvHeads =
    typeof raw.num_key_value_heads === 'number' ? int('num_key_value_heads') : numHeads;
  const headDim = typeof raw.head_dim === 'number' ? int('head_dim') : hiddenSize / numHeads;
  if (!Number.isInteger(headDim) || headDim % 2 !== 0) {
    throw new CheckpointError(
      'head_dim (hidden_size / num_attention_heads) must be an even integer.',
    );
  }
  if (numHeads % numKvHeads !== 0) {
    throw new CheckpointError('num_attention_heads must be a multiple of num_key_value_heads.');
  }
  return {
    hiddenSize,
    intermediateSize: int('intermediate_size'),
    numLayers: int('num_hidden_layers'),
    numHeads,
    numKvHeads,
    headDim,
    vocabSize: int('vocab_size'),
    ropeTheta: typeof raw.rope_theta === 'number' ? raw.rope_theta : 10000,
    rmsNormEps: typeof raw.rms_norm_eps === 'number' ? raw.rms_norm_eps : 1e-6,
    // Qwen2Config's own default is untied; the checkpoints that tie say so.
    tieWordEmbeddings: raw.tie_word_embeddings === true,
    maxPositionEmbeddings:
      typeof raw.max_position_embeddings === 'number' ? raw.max_position_embeddings : 32768,
  };
}

/** A config.json for a checkpoint we write ourselves (tests, test models, the random 1.5B). */
export function qwen2ConfigJson(
  c: Qwen2Config,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    architectures: ['Qwen2ForCausalLM'],
    model_type: 'qwen2',
    attention_dropout: 0,
    bos_token_id: 151643,
    eos_token_id: 151645,
    hidden_act: 'silu',
    hidden_size: c.hiddenSize,
    intermediate_size: c.intermediateSize,
    max_position_embeddings: c.maxPositionEmbeddings,
    max_window_layers: c.numLayers,
    num_attention_heads: c.numHeads,
    num_hidden_layers: c.numLayers,
    num_key_value_heads: c.numKvHeads,
    rms_norm_eps: c.rmsNormEps,
    rope_theta: c.ropeTheta,
    sliding_window: null,
    tie_word_embeddings: c.tieWordEmbeddings,
    torch_dtype: 'bfloat16',
    use_cache: true,
    use_sliding_window: false,
    vocab_size: c.vocabSize,
    ...extra,
  };
}

/** Hugging Face tensor names of a Qwen2ForCausalLM. */
export const names = {
  embed: 'model.embed_tokens.weight',
  finalNorm: 'model.norm.weight',
  lmHead: 'lm_head.weight',
  layer: (i: number) => ({
    inputNorm: `model.layers.${i}.input_layernorm.weight`,
    postNorm: `model.layers.${i}.post_attention_layernorm.weight`,
    q: `model.layers.${i}.self_attn.q_proj`,
    k: `model.layers.${i}.self_attn.k_proj`,
    v: `model.layers.${i}.self_attn.v_proj`,
    o: `model.layers.${i}.self_attn.o_proj`,
    gate: `model.layers.${i}.mlp.gate_proj`,
    up: `model.layers.${i}.mlp.up_proj`,
    down: `model.layers.${i}.mlp.down_proj`,
  }),
};

/** Every tensor a checkpoint of this config holds, with its shape, in a stable order. */
export function checkpointTensors(c: Qwen2Config): { name: string; shape: number[] }[] {
  const h = c.hiddenSize;
  const qDim = c.numHeads * c.headDim;
  const kvDim = c.numKvHeads * c.headDim;
  const out = [{ name: names.embed, shape: [c.vocabSize, h] }];
  for (let i = 0; i < c.numLayers; i++) {
    const l = names.layer(i);
    out.push(
      { name: l.inputNorm, shape: [h] },
      { name: `${l.q}.weight`, shape: [qDim, h] },
      { name: `${l.q}.bias`, shape: [qDim] },
      { name: `${l.k}.weight`, shape: [kvDim, h] },
      { name: `${l.k}.bias`, shape: [kvDim] },
      { name: `${l.v}.weight`, shape: [kvDim, h] },
      { name: `${l.v}.bias`, shape: [kvDim] },
      { name: `${l.o}.weight`, shape: [h, qDim] },
      { name: l.postNorm, shape: [h] },
      { name: `${l.gate}.weight`, shape: [c.intermediateSize, h] },
      { name: `${l.up}.weight`, shape: [c.intermediateSize, h] },
      { name: `${l.down}.weight`, shape: [h, c.intermediateSize] },
    );
  }
  out.push({ name: names.finalNorm, shape: [h] });
  if (!c.tieWordEmbeddings) out.push({ name: names.lmHead, shape: [c.vocabSize, h] });
  return out;
}
