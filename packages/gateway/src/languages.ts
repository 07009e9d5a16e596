/**
 * What a request's Accept-Language asks for, in one place: the language of problem titles
 * (`languageOf`) and whether catalog text is answered in Traditional Chinese (`wantsTraditional`).
 */
export type Language = 'en' | 'zh';

/** The tags of an Accept-Language header, lower-cased, most wanted first (q=0 left out). */
function ranked(acceptLanguage: string | undefined): string[] {
  if (!acceptLanguage) return [];
  return acceptLanguage
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, i };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((r) => r.tag);
}

/** zh* in Accept-Language (before any English) picks Chinese; anything else English. */
export function languageOf(acceptLanguage: string | undefined): Language {
  for (const tag of ranked(acceptLanguage)) {
    if (tag.startsWith('zh')) return 'zh';
    if (tag.startsWith('en') || tag === '*') return 'en';
  }
  return 'en';
}

/**
 * Whether the reader's first language is Chinese in Traditional characters: its most wanted tag
 * is zh-TW, zh-HK, zh-MO or zh-Hant (the widgets send their locale, zh-TW, as the header).
 */
export function wantsTraditional(acceptLanguage: string | undefined): boolean {
  const first = ranked(acceptLanguage)[0];
  return first !== undefined && /^zh-(?:hant|tw|hk|mo)(?:-|$)/.test(first);
}
