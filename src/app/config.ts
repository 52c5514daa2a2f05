/** Build-time configuration (Vite env), read once. */
export const appConfig = {
  /** Where self-hosted built-in models live; default: `<app>/models/`. */
  modelHost: import.meta.env.VITE_MODEL_HOST as string | undefined,
  /** The Hugging Face host for hub-hosted models (a mirror can replace it). */
  hubHost: (import.meta.env.VITE_HUB_HOST as string | undefined) ?? 'https://huggingface.co/',
  defaultMaxNewTokens: 2048,
  /** Downloads above this size are confirmed first (CONTRACT.md). */
  confirmDownloadBytes: 100_000_000,
};
