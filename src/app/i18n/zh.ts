import type { Messages } from './en';

/** 简体中文界面：与 en.ts 相同的键。 */
export const zh: Messages = {
  app: {
    title: '数学辅导',
    solve: '求解',
    stop: '停止',
    dismiss: '关闭',
    details: '详细信息',
  },
  problem: {
    label: '题目',
    placeholder: '输入一道题，例如：解方程 $x^2 - 5x + 6 = 0$。',
  },
  pickers: {
    model: '模型',
    reasoning: '推理方式',
    cot: '逐步推理',
    tir: '使用 Python',
    notTir: '{{model}} 没有学过使用 Python，将逐步推理。若要“使用 Python”，请选择 Qwen2.5-Math。',
    language: '语言',
  },
  solution: {
    answer: '答案',
    lengthLimit: '解答在完成之前达到了长度上限。',
  },
  check: {
    label: '你的答案',
    placeholder: '例如 3/4 或 x = 2',
    button: '核对答案',
    checking: '正在核对…',
    correct: '正确：与辅导老师的答案一致。',
    wrong: '不太对：与辅导老师的答案不同。请对照上面的步骤。',
    unknown: '无法判断两个答案是否相等。请对照上面的步骤。',
  },
  download: {
    label: '模型下载',
    confirmTitle: '下载模型',
    confirm: '{{model}} 需要下载 {{size}}。下载后保存在本设备上，只需下载一次，之后可离线使用。',
    download: '下载',
    cancel: '取消',
  },
  offline: {
    button: '离线可用',
    progress: '离线下载',
    status: '离线',
    checking: '正在检查本设备上已有的内容…',
    saving: '正在保存以便离线使用…',
    savingBytes: '正在保存以便离线使用：{{loaded}} / {{total}}',
    keptNoShell: '{{model}} 已保存在本设备上，但此浏览器无法在没有网络时打开本应用。',
    readyTir: '可离线使用：{{model}}、拍照识题和 Python。',
    ready: '可离线使用：{{model}} 和拍照识题。',
    shellReady: '可离线使用：本应用（尚不包括此模型）。',
    shellInstalling: '正在保存本应用以便离线使用…',
    shellFailed: '本应用未能保存以便离线使用；下次访问时会再试。',
    update: '更新',
    updateAvailable: '有可用更新 —',
    reload: '重新加载',
  },
  notices: {
    unknownModel: '这里没有模型“{{id}}”；改用 {{fallback}}。',
  },
};
