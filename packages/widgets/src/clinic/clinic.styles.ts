import { css } from 'lit';
import { tokenStyles } from '../internal/theme.js';
import { pendingPatientStyles } from '../internal/patient-options.js';
import { uiStyles } from '../internal/ui.styles.js';
import { consultStyles } from '../consult/consult.styles.js';
import { conversationStyles } from '../consult/conversation.styles.js';
import { paymentMethodStyles } from '../internal/payment-methods.styles.js';
import { insuranceSplitStyles } from '../internal/insurance-split.styles.js';

export default [
  tokenStyles,
  uiStyles,
  consultStyles,
  conversationStyles,
  paymentMethodStyles,
  insuranceSplitStyles,
  css`
    .badge.minor {
      color: var(--_warning);
    }
    .badge.diagnosed {
      color: var(--_primary);
      background: var(--_primary-soft);
    }
    .consult-line {
      display: flex;
      gap: 0.5em;
      align-items: center;
      margin-bottom: 0.75em;
    }
    .consults {
      margin-top: 1.5em;
    }
  `,
  pendingPatientStyles,
];
