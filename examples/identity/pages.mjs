// The demo identity provider's own pages: choosing a demo account (or confirming it is you again),
// signing out, and errors. Plain HTML with a same-origin stylesheet and no script, so they run
// under the demo's strict Content-Security-Policy like every other page.

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

const TEXT = {
  'zh-CN': {
    title: '城东人民医院 · 统一身份认证', brand: '城东人民医院', service: '统一身份认证（演示）',
    choose: '选择演示账号登录', chooseFor: (app) => `登录后返回：${app}`, confirm: '请确认是您本人', confirmWhy: '签名等重要操作前需要重新验证身份。',
    continueAs: (name) => `以 ${name} 的身份继续`, cancel: '取消', note: '这是演示用的身份提供方（oidc-provider，OpenID Connect）。医院接入时使用自己的统一身份认证。',
    logoutTitle: '退出登录', logoutAsk: '是否退出城东人民医院的统一身份认证？', logoutYes: '退出登录', logoutNo: '保持登录',
    loggedOut: '您已退出登录。', errorTitle: '登录未能完成', errorBack: '请返回原页面重试。', noAccounts: '没有可用的演示账号。',
  },
  en: {
    title: 'Chengdong People’s Hospital · Sign-in', brand: 'Chengdong People’s Hospital', service: 'Single sign-on (demo)',
    choose: 'Sign in with a demo account', chooseFor: (app) => `You will return to: ${app}`, confirm: 'Confirm it is you', confirmWhy: 'Signing and other important actions need a fresh sign-in.',
    continueAs: (name) => `Continue as ${name}`, cancel: 'Cancel', note: 'This is the demo’s identity provider (oidc-provider, OpenID Connect). A hospital connects its own single sign-on instead.',
    logoutTitle: 'Sign out', logoutAsk: 'Sign out of Chengdong People’s Hospital’s single sign-on?', logoutYes: 'Sign out', logoutNo: 'Stay signed in',
    loggedOut: 'You are signed out.', errorTitle: 'Sign-in could not be completed', errorBack: 'Please go back to the page you came from and try again.', noAccounts: 'No demo account can sign in here.',
  },
};

/** zh-CN unless the page asked for English (`ui_locales`). */
export function languageOf(uiLocales) {
  return /^en\b/i.test(String(uiLocales ?? '').trim()) ? 'en' : 'zh-CN';
}

function page(lang, title, body) {
  return `<!doctype html>
<html lang="${lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${esc(title)}</title>
  <link rel="icon" href="/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/identity/identity.css">
</head>
<body>
  <main class="card">
    <header class="brand">
      <svg viewBox="0 0 40 40" width="40" height="40" aria-hidden="true"><rect width="40" height="40" rx="8" fill="#0b6e4f"/><path d="M16 8h8v8h8v8h-8v8h-8v-8H8v-8h8z" fill="#fff"/></svg>
      <span><strong>${esc(TEXT[lang].brand)}</strong><small>${esc(TEXT[lang].service)}</small></span>
    </header>
${body}
  </main>
</body>
</html>`;
}

/**
 * The sign-in page: every account as a one-click choice, or, asked to confirm someone
 * (`hint`: a fresh sign-in before signing), that one account only.
 */
export function loginPage({ lang, uid, accounts, hint, appName }) {
  const t = TEXT[lang];
  const choices = hint ? accounts.filter((a) => a.subject === hint) : accounts;
  const heading = hint && choices.length ? t.confirm : t.choose;
  const items = choices.map((a) => `      <li><button type="submit" name="account" value="${esc(a.subject)}">
        <span class="name">${esc(hint ? t.continueAs(a.name) : a.name)}</span><span class="detail">${esc(a.detail[lang])}</span>
      </button></li>`).join('\n');
  return page(lang, t.title, `    <h1>${esc(heading)}</h1>
    <p class="lead">${esc(hint && choices.length ? t.confirmWhy : t.chooseFor(appName))}</p>
    ${choices.length ? `<form method="post" action="/oidc/interaction/${esc(uid)}/login">
      <ul class="accounts">
${items}
      </ul>
    </form>` : `<p>${esc(t.noAccounts)}</p>`}
    <form method="post" action="/oidc/interaction/${esc(uid)}/abort"><button type="submit" class="quiet">${esc(t.cancel)}</button></form>
    <p class="note">${esc(t.note)}</p>`);
}

/** RP-initiated logout asks before it signs out; `form` is oidc-provider's hidden form (id op.logoutForm). */
export function logoutPage({ lang, form }) {
  const t = TEXT[lang];
  return page(lang, t.logoutTitle, `    <h1>${esc(t.logoutTitle)}</h1>
    <p class="lead">${esc(t.logoutAsk)}</p>
    ${form}
    <div class="actions">
      <button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>${esc(t.logoutYes)}</button>
      <button type="submit" form="op.logoutForm" class="quiet">${esc(t.logoutNo)}</button>
    </div>`);
}

export function loggedOutPage({ lang }) {
  const t = TEXT[lang];
  return page(lang, t.logoutTitle, `    <h1>${esc(t.loggedOut)}</h1>`);
}

/** An error at the provider: its OAuth error code only (never request details). */
export function errorPage({ lang, error }) {
  const t = TEXT[lang];
  return page(lang, t.errorTitle, `    <h1>${esc(t.errorTitle)}</h1>
    <p class="lead">${esc(t.errorBack)}</p>
    <p class="note"><code>${esc(error ?? 'server_error')}</code></p>`);
}
