// The popup's end of a sign-in (sign-in.js's reauthenticate): oidc-client-ts posts the provider's
// answer to the page that opened the popup, which checks and keeps it, and closes the popup.
import { UserManager } from '/shared/dist/oidc-client.js';

new UserManager({ authority: `${location.origin}/oidc`, client_id: 'popup', redirect_uri: location.href }).signinPopupCallback();
