import type * as zh from './ecg-zh-CN.js';

/** <ih-ecg-viewer> in Traditional Chinese: a chunk of its own, fetched when the viewer shows it. */
export const ecg: Record<keyof typeof zh.ecg, string> = {
  'ecg.label': '十二導程心電圖',
  'ecg.description': '導程{leads}，每導程{column}秒，排成3列4欄；下方為{rhythm}導程{seconds}秒節律條。走紙速度{speed} mm/s，增益{gain} mm/mV，每列前為1 mV校正脈衝。',
  'ecg.scale': '{speed} mm/s · {gain} mm/mV · {frequency} Hz',
  'ecg.tools': '心電圖工具',
  'ecg.zoomIn': '放大',
  'ecg.zoomOut': '縮小',
  'ecg.zoomReset': '原始大小',
  'ecg.zoom': '縮放：{percent}%',
  'ecg.calipers': '量尺',
  'ecg.caliper.a': '測量點 A',
  'ecg.caliper.b': '測量點 B',
  'ecg.caliper.value': '{lead}導程，{seconds} 秒，{mv} mV',
  'ecg.interval': '間期：{ms} ms',
  'ecg.rate': '（{rate}次/分）',
  'ecg.amplitude': '振幅差：{mv} mV',
  'ecg.calipers.hint': '在波形上拖曳以測量，或拖曳圓點；選取圓點後用方向鍵：←/→ 移動一個取樣點（按住 Shift 移動 10 個），↑/↓ 換列。',
  'ecg.empty': '沒有可顯示的心電圖',
  'ecg.emptyHint': '心電圖上傳後將顯示在這裡。',
  'ecg.retry': '重新載入',
};
