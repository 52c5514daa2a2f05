/**
 * `tiny-formula` (CONTRACT.md "Test models"): an image-to-LaTeX
 * encoder-decoder of the formula recogniser's shape, written through the
 * project's ONNX writer, with the file layout and config files of a
 * Hugging Face VisionEncoderDecoder (TrOCR-style) export:
 *
 *   config.json, preprocessor_config.json, generation_config.json,
 *   tokenizer.json, tokenizer_config.json, special_tokens_map.json,
 *   onnx/encoder_model.onnx         pixel_values → last_hidden_state
 *   onnx/decoder_model_merged.onnx  input_ids, encoder_hidden_states, use_cache_branch,
 *                                   past_key_values.0.{decoder,encoder}.{key,value}
 *                                   → logits, present.0.{decoder,encoder}.{key,value}
 *
 * The encoder is a patch embedding, position embedding and layer norm; the
 * decoder a real one-layer attention block (self-attention over its key/value
 * cache, cross-attention over the encoder's output). Its output is
 * engineered: the logits add a large "script" term chosen by the position
 * in the sequence, which the decoder only knows from the length of its
 * cache. So it reads every picture as LATEX, and only when the cache is
 * carried from step to step as transformers.js and our recogniser do; fed
 * without it, it repeats the first token until the length limit.
 * The network's own output adds a small term that moves no argmax but
 * makes a NaN or a shape error anywhere in it visible.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../../src/core/random';
import { GraphBuilder } from './graph';
import { TensorType } from './onnx-proto';
import { writeModel } from './onnx-writer';
import { floatInit } from './weights';

const F32 = TensorType.FLOAT;
const I64 = TensorType.INT64;
const BOOL = TensorType.BOOL;

/** What tiny-formula reads in every picture. */
export const TINY_FORMULA_LATEX = '\\frac{x^{2}-1}{x+1}';
const SCRIPT = ['\\frac', '{', 'x', '^', '{', '2', '}', '-', '1', '}', '{', 'x', '+', '1', '}'];

const SPECIAL = ['<s>', '<pad>', '</s>', '<unk>'];
const PIECES = [
  ...'0123456789',
  ...'abcdefghijklmnopqrstuvwxyz',
  ...'+-=()[]{}^_,.|<>/*!',
  '\\frac',
  '\\sqrt',
  '\\cdot',
  '\\le',
  '\\ge',
  '\\pi',
  '\\times',
  '\\left',
  '\\right',
  'Ġ',
];
const VOCAB = [...SPECIAL, ...PIECES];

const SHAPE = {
  imageHeight: 32,
  imageWidth: 128,
  patch: 16,
  hidden: 32,
  heads: 2,
  maxPositions: 64,
};
const BOS = 0;
const PAD = 1;
const EOS = 2;
/** TrOCR starts decoding from </s>; so does this model, to prove the loop never stops on its own start token. */
const DECODER_START = EOS;
/** The script term: large enough that softmax puts ~0.999 on it. */
const MARGIN = 12;

export interface TinyFormulaResult {
  dir: string;
  bytes: number;
  latex: string;
}

export function buildTinyFormula(dir: string, seed = 7): TinyFormulaResult {
  mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  const rand = mulberry32(seed);
  const random = (count: number, scale: number) =>
    Float32Array.from({ length: count }, () => (rand() * 2 - 1) * scale);
  writeModel(path.join(dir, 'onnx', 'encoder_model.onnx'), encoderGraph(random));
  writeModel(path.join(dir, 'onnx', 'decoder_model_merged.onnx'), decoderGraph(random));
  for (const [name, json] of Object.entries(configFiles()))
    writeFileSync(path.join(dir, name), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(
    path.join(dir, 'expected.json'),
    `${JSON.stringify({ latex: TINY_FORMULA_LATEX }, null, 2)}\n`,
  );
  const files = [
    'onnx/encoder_model.onnx',
    'onnx/decoder_model_merged.onnx',
    ...Object.keys(configFiles()),
  ];
  const bytes = files.reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0);
  return { dir, bytes, latex: TINY_FORMULA_LATEX };
}

type Random = (count: number, scale: number) => Float32Array;

function weight(b: GraphBuilder, name: string, dims: number[], values: Float32Array): string {
  return b.weight(floatInit(name, dims, F32, () => values));
}

/** Patch embedding (a strided Conv), position embedding, layer norm: a ViT without its layers. */
function encoderGraph(random: Random) {
  const { imageHeight: h, imageWidth: w, patch, hidden } = SHAPE;
  const patches = (h / patch) * (w / patch);
  const b = new GraphBuilder();
  const pixels = b.input('pixel_values', F32, ['batch_size', 3, h, w]);
  b.scope = '/encoder';
  const conv = b.node(
    'Conv',
    [
      pixels,
      weight(
        b,
        'encoder.patch.weight',
        [hidden, 3, patch, patch],
        random(hidden * 3 * patch * patch, 0.05),
      ),
      weight(b, 'encoder.patch.bias', [hidden], random(hidden, 0.1)),
    ],
    { kernel_shape: [patch, patch], strides: [patch, patch] },
  );
  const flat = b.node('Reshape', [conv, b.i64([0, hidden, -1])]);
  let x = b.node('Transpose', [flat], { perm: [0, 2, 1] });
  x = b.node('Add', [
    x,
    weight(b, 'encoder.position', [patches, hidden], random(patches * hidden, 0.1)),
  ]);
  x = b.node(
    'LayerNormalization',
    [
      x,
      weight(
        b,
        'encoder.norm.weight',
        [hidden],
        Float32Array.from({ length: hidden }, () => 1),
      ),
      weight(b, 'encoder.norm.bias', [hidden], new Float32Array(hidden)),
    ],
    { axis: -1, epsilon: { float: 1e-6 } },
  );
  b.output(x, 'last_hidden_state', ['batch_size', 'encoder_sequence_length', hidden]);
  return b.spec('tiny-formula-encoder');
}

function decoderGraph(random: Random) {
  const { hidden, heads, maxPositions } = SHAPE;
  const headDim = hidden / heads;
  const vocab = VOCAB.length;
  const b = new GraphBuilder();
  const ids = b.input('input_ids', I64, ['batch_size', 'decoder_sequence_length']);
  const encoder = b.input('encoder_hidden_states', F32, [
    'batch_size',
    'encoder_sequence_length',
    hidden,
  ]);
  const kv = (kind: string, length: string) =>
    b.input(`past_key_values.0.${kind}`, F32, ['batch_size', heads, length, headDim]);
  const pastKey = kv('decoder.key', 'past_decoder_sequence_length');
  const pastValue = kv('decoder.value', 'past_decoder_sequence_length');
  const pastCrossKey = kv('encoder.key', 'encoder_sequence_length_out');
  const pastCrossValue = kv('encoder.value', 'encoder_sequence_length_out');
  // Optimum's merged decoders take this flag; here the cache's own length
  // says everything, so it is declared and left unused.
  b.input('use_cache_branch', BOOL, [1]);

  b.scope = '/decoder';
  const dim = (value: string, index: number) =>
    b.node('Gather', [b.node('Shape', [value]), b.i64([index], true)], { axis: 0 });
  const linear = (x: string, name: string, n: number) =>
    b.node('MatMul', [x, weight(b, name, [hidden, n], random(hidden * n, 0.2))]);
  const heads4 = (x: string) =>
    b.node('Transpose', [b.node('Reshape', [x, b.i64([0, -1, heads, headDim])])], {
      perm: [0, 2, 1, 3],
    });
  const attend = (q: string, k: string, v: string) => {
    const scores = b.node('Mul', [
      b.node('MatMul', [q, b.node('Transpose', [k], { perm: [0, 1, 3, 2] })]),
      b.f32(1 / Math.sqrt(headDim)),
    ]);
    const out = b.node('MatMul', [b.node('Softmax', [scores], { axis: -1 }), v]);
    return b.node('Reshape', [
      b.node('Transpose', [out], { perm: [0, 2, 1, 3] }),
      b.i64([0, -1, hidden]),
    ]);
  };

  const x = b.node(
    'Gather',
    [weight(b, 'decoder.embed', [vocab, hidden], random(vocab * hidden, 0.5)), ids],
    {
      axis: 0,
    },
  );
  // Self-attention over the cache plus this step (one token at a time: no causal mask is needed).
  const q = heads4(linear(x, 'decoder.q', hidden));
  const key = b.node('Concat', [pastKey, heads4(linear(x, 'decoder.k', hidden))], { axis: 2 });
  const value = b.node('Concat', [pastValue, heads4(linear(x, 'decoder.v', hidden))], { axis: 2 });
  b.output(key, 'present.0.decoder.key', [
    'batch_size',
    heads,
    'total_decoder_sequence_length',
    headDim,
  ]);
  b.output(value, 'present.0.decoder.value', [
    'batch_size',
    heads,
    'total_decoder_sequence_length',
    headDim,
  ]);
  // Cross-attention: keys and values of the encoder's output, kept in the
  // cache after the first step. Concatenating and keeping the last
  // encoder_sequence_length rows gives the same whether the cache is empty or full.
  const keep = b.node('Neg', [b.node('Unsqueeze', [dim(encoder, 1), b.i64([0])])]);
  const cross = (past: string, name: string) =>
    b.node('Slice', [
      b.node('Concat', [past, heads4(linear(encoder, name, hidden))], { axis: 2 }),
      keep,
      b.i64([2 ** 53 - 1]),
      b.i64([2]),
    ]);
  const crossKey = cross(pastCrossKey, 'decoder.cross.k');
  const crossValue = cross(pastCrossValue, 'decoder.cross.v');
  b.output(crossKey, 'present.0.encoder.key', [
    'batch_size',
    heads,
    'encoder_sequence_length_out',
    headDim,
  ]);
  b.output(crossValue, 'present.0.encoder.value', [
    'batch_size',
    heads,
    'encoder_sequence_length_out',
    headDim,
  ]);
  let h = b.node('Add', [x, linear(attend(q, key, value), 'decoder.self.o', hidden)]);
  h = b.node('Add', [h, linear(attend(q, crossKey, crossValue), 'decoder.cross.o', hidden)]);
  h = b.node(
    'LayerNormalization',
    [
      h,
      weight(
        b,
        'decoder.norm.weight',
        [hidden],
        Float32Array.from({ length: hidden }, () => 1),
      ),
      weight(b, 'decoder.norm.bias', [hidden], new Float32Array(hidden)),
    ],
    { axis: -1, epsilon: { float: 1e-5 } },
  );
  const small = b.node('MatMul', [
    h,
    weight(b, 'decoder.lm_head', [hidden, vocab], random(hidden * vocab, 0.05)),
  ]);
  // The script term, by position: the number of tokens already in the cache.
  const position = dim(pastKey, 2);
  const row = b.node(
    'Gather',
    [weight(b, 'decoder.script', [maxPositions, vocab], scriptTable()), position],
    {
      axis: 0,
    },
  );
  b.output(b.node('Add', [small, row]), 'logits', ['batch_size', 'decoder_sequence_length', vocab]);
  return b.spec('tiny-formula-decoder');
}

/** Row p puts MARGIN on the token to write at step p; after the script, on </s>. */
function scriptTable(): Float32Array {
  const vocab = VOCAB.length;
  const table = new Float32Array(SHAPE.maxPositions * vocab);
  for (let p = 0; p < SHAPE.maxPositions; p++) {
    const piece = SCRIPT[p];
    const id = piece === undefined ? EOS : VOCAB.indexOf(piece);
    if (id < 0) throw new Error(`tiny-formula: ${piece} is not in the vocabulary.`);
    table[p * vocab + id] = MARGIN;
  }
  return table;
}

function configFiles(): Record<string, unknown> {
  const { imageHeight, imageWidth, patch, hidden, heads, maxPositions } = SHAPE;
  const vocab = Object.fromEntries(VOCAB.map((t, i) => [t, i]));
  return {
    'config.json': {
      architectures: ['VisionEncoderDecoderModel'],
      model_type: 'vision-encoder-decoder',
      is_encoder_decoder: true,
      tie_word_embeddings: false,
      decoder_start_token_id: DECODER_START,
      eos_token_id: EOS,
      pad_token_id: PAD,
      encoder: {
        model_type: 'deit',
        hidden_size: hidden,
        image_size: [imageHeight, imageWidth],
        patch_size: patch,
        num_channels: 3,
        num_hidden_layers: 0,
        num_attention_heads: heads,
      },
      decoder: {
        model_type: 'trocr',
        d_model: hidden,
        decoder_attention_heads: heads,
        decoder_layers: 1,
        decoder_ffn_dim: hidden,
        max_position_embeddings: maxPositions,
        vocab_size: VOCAB.length,
        bos_token_id: BOS,
        eos_token_id: EOS,
        pad_token_id: PAD,
        use_cache: true,
      },
    },
    'preprocessor_config.json': {
      image_processor_type: 'ViTImageProcessor',
      processor_class: 'TrOCRProcessor',
      do_resize: true,
      size: { height: imageHeight, width: imageWidth },
      resample: 2,
      do_rescale: true,
      rescale_factor: 1 / 255,
      do_normalize: true,
      image_mean: [0.5, 0.5, 0.5],
      image_std: [0.5, 0.5, 0.5],
    },
    'generation_config.json': {
      decoder_start_token_id: DECODER_START,
      bos_token_id: BOS,
      eos_token_id: EOS,
      pad_token_id: PAD,
      max_length: maxPositions,
    },
    'tokenizer.json': {
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: SPECIAL.map((content, id) => ({
        id,
        content,
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: true,
      })),
      normalizer: null,
      pre_tokenizer: {
        type: 'ByteLevel',
        add_prefix_space: false,
        trim_offsets: true,
        use_regex: true,
      },
      post_processor: null,
      decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
      model: {
        type: 'BPE',
        dropout: null,
        unk_token: '<unk>',
        continuing_subword_prefix: null,
        end_of_word_suffix: null,
        fuse_unk: false,
        byte_fallback: false,
        vocab,
        merges: [],
      },
    },
    'tokenizer_config.json': {
      tokenizer_class: 'PreTrainedTokenizerFast',
      bos_token: '<s>',
      eos_token: '</s>',
      pad_token: '<pad>',
      unk_token: '<unk>',
      model_max_length: maxPositions,
      clean_up_tokenization_spaces: false,
    },
    'special_tokens_map.json': {
      bos_token: '<s>',
      eos_token: '</s>',
      pad_token: '<pad>',
      unk_token: '<unk>',
    },
  };
}
