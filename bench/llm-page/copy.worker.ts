// One thread of the parallel copy benchmark: each worker copies its own buffers.
import { copyBandwidth } from './copy';

self.onmessage = ({ data }: MessageEvent<{ megabytes: number; passes: number }>) => {
  self.postMessage({ ok: true, result: copyBandwidth(data.megabytes, data.passes) });
};
