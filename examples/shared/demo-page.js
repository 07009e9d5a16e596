// What the example pages share: the demo sign-in (a real portal passes its identity
// provider's token to <ih-provider> instead) and the language switch.
import { createClient } from '/ihkit/ihkit.js';

const $ = (id) => document.getElementById(id);

/**
 * Wires #signin (a form with a `username` select), #signed-in, #who, #signout and the elements
 * listed in `hideWhenSignedIn` to the provider's token. The session lives in sessionStorage
 * under `storageKey`, so each tab can be someone else (a patient here, a doctor there).
 * `onSession(session | undefined)` is told each change (the staff page shows what the role needs).
 */
export function wireDemoSignIn({ provider, storageKey, hideWhenSignedIn = [], failedText, onSession }) {
  const api = createClient({ baseUrl: provider.getAttribute('api') });
  const show = (session) => {
    $('signin').hidden = !!session;
    $('signed-in').hidden = !session;
    for (const id of hideWhenSignedIn) $(id).hidden = !!session;
    $('who').textContent = session?.user.displayName ?? '';
    provider.token = session?.token ?? '';
    onSession?.(session);
  };
  $('signin').addEventListener('submit', async (event) => {
    event.preventDefault();
    const username = new FormData(event.target).get('username');
    try {
      const session = await api.login({ username, password: 'demo' });
      sessionStorage.setItem(storageKey, JSON.stringify(session));
      show(session);
    } catch (e) {
      alert(failedText() + (e.message ?? e));
    }
  });
  $('signout').addEventListener('click', () => {
    const token = provider.token;
    sessionStorage.removeItem(storageKey);
    show(undefined);
    // The gateway forgets the session too: its token is refused from now on.
    if (token) createClient({ baseUrl: provider.getAttribute('api'), token }).logout().catch(() => {});
  });
  const saved = JSON.parse(sessionStorage.getItem(storageKey) ?? 'null');
  show(saved && Date.parse(saved.expiresAt) > Date.now() ? saved : undefined);
}

/**
 * Puts the page and the provider in `lang`: `<html lang>`, the provider's locale, every [data-t]
 * from text[lang], and the accessible name of every [data-t-label].
 */
export function showLanguage({ provider, text, lang }) {
  const t = text[lang];
  document.documentElement.lang = lang;
  provider.setAttribute('locale', lang);
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t[el.dataset.t];
  for (const el of document.querySelectorAll('[data-t-label]')) el.setAttribute('aria-label', t[el.dataset.tLabel]);
}

/** Switches between zh-CN and en with the #lang button (showLanguage); the choice is kept in localStorage. */
export function wireLanguage({ provider, text, storageKey }) {
  let lang = localStorage.getItem(storageKey) ?? 'zh-CN';
  const apply = () => {
    const t = text[lang];
    showLanguage({ provider, text, lang });
    $('lang').textContent = t.langButton;
    $('lang').lang = lang === 'en' ? 'zh-CN' : 'en';
  };
  $('lang').addEventListener('click', () => {
    lang = lang === 'en' ? 'zh-CN' : 'en';
    localStorage.setItem(storageKey, lang);
    apply();
  });
  apply();
  return () => text[lang];
}
