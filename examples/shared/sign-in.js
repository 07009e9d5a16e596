// Signing in as a hospital's own page does: through its identity provider (OpenID Connect), with
// the Authorization Code flow and PKCE, by oidc-client-ts. The demo's provider runs at /oidc
// (examples/identity); a hospital points `authority` at its own single sign-on. The access token
// it issues for the gateway's API (the `resource`) goes to <ih-provider> as a tokenProvider, so
// the elements always send the current one while oidc-client-ts refreshes it in the background;
// signing out revokes the refresh token and ends the provider's session (RP-initiated logout);
// and `reauthenticate` asks the provider for a fresh sign-in of the same person (max_age=0) in a
// popup, which the elements call before an action that signs.
import { UserManager } from '/shared/dist/oidc-client.js';
import { createClient } from '/ihkit/ihkit.js';

const $ = (id) => document.getElementById(id);

/**
 * Wires #signin (a form with a submit button), #signed-in, #who, #signout and the elements listed
 * in `hideWhenSignedIn` to the identity provider, as OAuth client `clientId`. The tokens live in
 * sessionStorage, so each tab can be someone else (a patient here, a doctor there).
 * `onSession({ user } | undefined)` is told each change, `user` as the gateway knows them (the
 * staff page shows what the role needs). `lang()` is the page's language, for the provider's pages.
 */
export async function wireSignIn({ provider, clientId, hideWhenSignedIn = [], failedText, onSession, lang = () => document.documentElement.lang }) {
  const here = `${location.origin}${location.pathname.replace(/[^/]*$/, '')}`;
  const api = new URL(provider.getAttribute('api') || '/api', location.href).href.replace(/\/+$/, '');
  const users = new UserManager({
    authority: `${location.origin}/oidc`,
    client_id: clientId,
    redirect_uri: here,
    post_logout_redirect_uri: here,
    popup_redirect_uri: `${location.origin}/shared/signed-in.html`,
    response_type: 'code',
    // No profile: the ID token (sent back as id_token_hint in the sign-out URL) then names nobody.
    scope: 'openid',
    resource: api,
    automaticSilentRenew: true,
    revokeTokensOnSignout: true,
    // The access token is a JWT that lapses by itself (the provider revokes refresh tokens only).
    revokeTokenTypes: ['refresh_token'],
    // RFC 7009's answer to a revocation is 200 with any body: the provider's is empty text.
    revokeTokenAdditionalContentTypes: ['text/plain'],
  });

  let shown;
  const show = async (user) => {
    // Who the gateway says this is (a doctor by the hospital's name for them), and that it accepts the token.
    let refused;
    const me = user ? await createClient({ baseUrl: api, token: user.access_token }).getMe().catch((e) => void (refused = e)) : undefined;
    if (refused) {
      // Signed in at the provider, but the gateway does not take the token (no role it knows, a
      // practitioner bound to another account …): say so, and forget the tokens.
      await users.removeUser();
      alert(failedText() + (refused.message ?? refused));
    }
    const session = me ? { user: me } : undefined;
    $('signin').hidden = !!session;
    $('signed-in').hidden = !session;
    for (const id of hideWhenSignedIn) $(id).hidden = !!session;
    $('who').textContent = me?.displayName ?? '';
    if (!!session !== !!shown) provider.tokenProvider = session ? async () => (await users.getUser())?.access_token : undefined;
    shown = session;
    onSession?.(session);
  };

  $('signin').addEventListener('submit', (event) => {
    event.preventDefault();
    // Ask each time which account: in the demo, a patient in one tab and a doctor in the next.
    users.signinRedirect({ prompt: 'login', ui_locales: lang() }).catch((e) => alert(failedText() + (e.message ?? e)));
  });
  $('signout').addEventListener('click', async () => {
    const user = await users.getUser();
    await users.signoutRedirect({ id_token_hint: user?.id_token, extraQueryParams: { ui_locales: lang() } }).catch(async () => {
      await users.removeUser();
      await show(undefined);
    });
  });
  // A refresh that failed for good (the refresh token revoked or expired): signed out.
  users.events.addSilentRenewError(async () => {
    if ((await users.getUser())?.expired !== false) await show(undefined);
  });

  provider.reauthenticate = async () => {
    const current = await users.getUser();
    const fresh = await users.signinPopup({ max_age: 0, prompt: 'login', login_hint: current?.profile.sub, ui_locales: lang() });
    if (current && fresh.profile.sub !== current.profile.sub) {
      // Someone else confirmed: the page is theirs now, and what was being signed is not.
      await show(fresh);
      throw new Error('signed in as another person');
    }
  };

  // Back from the provider: the code (or the reason there is none) in the URL; take it out.
  const params = new URLSearchParams(location.search);
  if (params.has('state') && (params.has('code') || params.has('error'))) {
    try {
      if (params.has('code')) await users.signinRedirectCallback();
      else await users.clearStaleState();
    } catch (e) {
      alert(failedText() + (e.message ?? e));
    }
    history.replaceState(history.state, '', `${here}${location.hash}`);
  }
  let user = await users.getUser();
  if (user?.expired && user.refresh_token) user = await users.signinSilent().catch(() => null);
  await show(user && !user.expired ? user : undefined);
}
