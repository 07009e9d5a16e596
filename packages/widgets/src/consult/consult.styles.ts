import { css } from 'lit';

/** What the clinic and the doctor desk share besides the conversation: headers, badges, facts, forms. */
export const consultStyles = css`
  /* The start of what the patient wrote, in a list of consults: two lines at most. */
  .excerpt {
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
    overflow: hidden;
    overflow-wrap: anywhere;
  }
  .back {
    margin-left: -0.4em;
  }
  .back svg {
    width: 1.1em;
    height: 1.1em;
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
    padding-bottom: 0.9em;
    margin-bottom: 1em;
    border-bottom: 1px solid var(--_border);
  }
  .heading {
    /* beside the back button while there is room for both, below it on a narrow screen */
    flex: 1 1 12em;
    min-width: 0;
    overflow-wrap: anywhere;
    font-size: 1.25em;
    font-weight: 600;
    line-height: 1.3;
    border-radius: 4px;
  }
  .subheading {
    font-weight: 600;
    margin: 1em 0 0.4em;
  }
  .status {
    display: inline-block;
    padding: 0.1em 0.55em;
    border-radius: 999px;
    font-size: 0.8125em;
    background: var(--_surface);
    color: var(--_muted);
    border: 1px solid var(--_border);
    max-width: 100%;
    overflow-wrap: anywhere;
  }
  .status.paid,
  .status.accepted,
  .status.in_progress {
    background: var(--_primary-soft);
    color: var(--_primary);
    border-color: transparent;
  }
  .status.completed {
    background: var(--_success-soft);
    color: var(--_success);
    border-color: transparent;
  }
  .status.referred,
  .status.requested {
    color: var(--_warning);
  }
  .guardian-line,
  .muted {
    color: var(--_warning);
    font-size: 0.875em;
  }
  .muted {
    color: var(--_muted);
  }
  .options {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    grid-template-columns: minmax(0, 1fr); /* as wide as the screen, not as the longest line */
    gap: 0.5em;
  }
  .option {
    width: 100%;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.75em;
    text-align: start;
    padding: 0.75em 1em;
    font: inherit;
    color: inherit;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    cursor: pointer;
  }
  .option:hover {
    border-color: var(--_primary);
  }
  .option-main {
    flex: 1 1 5em; /* the fee and the chevron stay beside it on a phone; below it only with very large text */
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 0.15em;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .option-title {
    font-weight: 600;
  }
  .option-sub {
    font-size: 0.875em;
    color: var(--_muted);
  }
  .badge {
    display: inline-block;
    margin-inline-start: 0.4em;
    padding: 0 0.45em;
    border-radius: 4px;
    font-size: 0.75em;
    font-weight: 500;
    background: var(--_surface);
    color: var(--_muted);
  }
  .option-title .badge {
    max-width: 100%;
    white-space: normal;
  }
  .chevron svg {
    width: 1.1em;
    height: 1.1em;
    color: var(--_muted);
  }
  .facts {
    display: grid;
    /* the label column as wide as its labels up to 40%, never narrower than its longest word */
    grid-template-columns: fit-content(40%) minmax(0, 1fr);
    gap: 0.35em 1em;
    margin: 0 0 0.75em;
  }
  .facts dt {
    color: var(--_muted);
  }
  .facts dd {
    margin: 0;
    white-space: pre-wrap;
    overflow-wrap: break-word;
  }
  .field {
    display: grid;
    grid-template-columns: minmax(0, 1fr); /* a select with long options shrinks to the field */
    min-width: 0;
    gap: 0.3em;
    margin-bottom: 0.75em;
  }
  .field label {
    font-weight: 500;
  }
  .field textarea,
  .field input,
  .field select.field-select {
    width: 100%;
    font: inherit;
    padding: 0.5em 0.75em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_text);
  }
  .field [aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .field-error {
    color: var(--_danger);
    font-size: 0.875em;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    margin-top: 0.75em;
  }
  .button.danger {
    color: var(--_danger);
    border-color: color-mix(in srgb, var(--_danger) 45%, var(--_bg));
  }
  .panel {
    padding: 0.9em 1em;
    border-radius: var(--_radius);
    background: var(--_surface);
    margin: 0.75em 0;
    display: grid;
    gap: 0.5em;
  }
  .message-line {
    color: var(--_success);
  }
  .message-line:empty {
    display: none;
  }
`;
