/**
 * `@ihkit/widgets/embed`: the modal and floating-button embedding modes. Importing it defines
 * `<ih-modal>` and `<ih-launcher>` and makes every `[data-ih-open]` on the page open its element
 * in a modal. The elements themselves are imported as usual (`@ihkit/widgets/booking`), or all
 * at once with `@ihkit/widgets`, whose script-tag build `ihkit.js` includes this.
 */
import '../modal/modal.js';
import '../launcher/launcher.js';
import { watchOpeners } from './open.js';

export { openInModal, watchOpeners, type OpenOptions } from './open.js';

watchOpeners();
