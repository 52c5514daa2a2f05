import type { ErrorCode } from '../../core/error-codes';

/**
 * 每个错误代码的中文说明：发生了什么，以及该怎么做。英文版本在
 * src/core/error-text.ts。{{model}} 等占位符取自错误的 params。
 */
export const errorsZh: Record<ErrorCode, string> = {
  'no-problem': '请先输入一道题，或上传题目的照片。',
  'no-answer': '解答结束时没有给出最终答案。请重新求解，或换一种说法描述题目。',
  busy: '辅导老师还在解上一道题。请等它给出答案，或点击“停止”。',
  'not-loaded': '还没有加载模型。点击“求解”即可加载。',
  'prompt-too-long': '这道题对这个模型来说太长了。请缩短题目，或分成几部分。',
  'context-full': '这段对话已达到模型能读取的最大长度。请开始一道新题再继续提问。',
  aborted: '已停止。',
  'model-unavailable':
    '{{model}} 在这里不可用：本网站没有存放它的文件。请选择其他模型，或请学校托管它（见“学校如何托管模型”）。',
  'model-missing':
    '{{model}} 无法下载：服务器上缺少它的一个文件。请选择其他模型，或告诉网站管理员。',
  'model-blocked':
    '{{model}} 所在的服务器不允许本网站下载它。请选择其他模型，或请该服务器的管理员允许本网站访问。',
  offline:
    '你现在处于离线状态，而 {{model}} 没有保存在本设备上。请连接网络后再次点击“求解”，或选择已保存在本设备上的模型。',
  'download-interrupted':
    '{{model}} 的下载中断了。请检查网络后再次点击“求解”：下载会从中断处继续。',
  'storage-full':
    '本设备的存储空间不足以保存 {{model}}。请在“模型”中删除已保存的模型、清理空间，或选择更小的模型。',
  'model-corrupt': '{{model}} 的一个文件已损坏或不完整，已从本设备删除。请点击“求解”重新下载。',
  'model-manifest':
    '无法读取本网站的额外模型列表（models.json）。内置模型仍可使用；请告诉网站管理员。',
  'browser-unsupported':
    '此浏览器无法运行辅导程序：它不支持 WebAssembly 或 Web Worker。请使用最新版的 Chrome、Edge、Firefox 或 Safari。',
  'webgpu-unavailable': '此浏览器不支持 WebGPU。请从网址中删除“backend=webgpu”以使用 WASM。',
  'webgpu-failed':
    '图形处理器无法运行该模型。请从网址中删除“backend=webgpu”，改为不使用 GPU 运行。',
  'gpu-lost': '图形处理器在求解过程中停止了（系统可能重置了它）。请点击“求解”重试。',
  'self-check-failed':
    '{{model}} 在本设备上（无论是否使用 GPU）都无法给出合理的输出。请尝试其他模型或其他浏览器。',
  'out-of-memory':
    '本设备运行 {{model}} 时内存不足。请关闭其他标签页和应用后再次点击“求解”，或选择更小的模型。',
  'worker-crashed': '模型引擎意外停止，通常是因为设备内存不足。请关闭其他标签页后点击“求解”重试。',
  'offline-store': '无法保存模型以便离线使用。请检查剩余存储空间和网络连接后重试。',
  'python-load': 'Python 引擎无法启动。请检查网络后重试，或选择“逐步推理”。',
  'python-crashed': 'Python 引擎意外停止，它会自动重启：请点击“求解”重试。',
  'python-not-ready': 'Python 引擎仍在启动。请稍后再试。',
  'image-empty': '这个文件是空的（0 字节）。请重新选择照片，或重新拍一张。',
  'not-image': '这个文件不是图片。请选择照片或截图（JPEG、PNG、WebP 或 GIF）。',
  'image-corrupt': '这张图片已损坏或不完整，无法读取。请重新拍照或重新保存后再试。',
  'image-format': '这里无法打开这种图片格式。请使用 JPEG、PNG、WebP 或 GIF 图片。',
  'image-too-large': '这张图片太大，无法打开。请裁剪或缩小它，或只截取题目部分。',
  'no-text': '图片中没有找到文字。请让题目占满画面的大部分、对好焦、光线充足，然后重试。',
  'ocr-failed': '文字识别失败。请重试或重新加载页面；你也可以直接输入题目。',
  'formula-unavailable': '这里无法使用公式识别，公式已按普通文字读取。请在题目框中核对。',
  'history-invalid':
    '这个文件不是辅导程序导出的历史记录，因此没有导入任何内容。请选择用“导出历史”生成的文件。',
  internal:
    '辅导程序内部出错了。请重试；如果一直出现，请重新加载页面。你的题目和历史记录都会保留。',
};
