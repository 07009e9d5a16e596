import { css } from 'lit';

/** The conversation (see conversation.view.ts), shared by the clinic and the doctor desk. */
export const conversationStyles = css`
  .conversation {
    display: grid;
    gap: 0.6em;
    margin-top: 1.25em;
  }
  .conversation-heading {
    font-weight: 600;
  }
  .messages {
    list-style: none;
    margin: 0;
    padding: 0.75em;
    display: flex;
    flex-direction: column;
    gap: 0.5em;
    max-height: 24em;
    overflow-y: auto;
    background: var(--_surface);
    border-radius: var(--_radius);
  }
  .message {
    max-width: 80%;
    padding: 0.5em 0.75em;
    border-radius: var(--_radius);
    background: var(--_bg);
    border: 1px solid var(--_border);
    align-self: flex-start;
  }
  .message.mine {
    align-self: flex-end;
    background: var(--_primary-soft);
    border-color: color-mix(in srgb, var(--_primary) 30%, var(--_bg));
  }
  .message.event {
    align-self: center;
    background: none;
    border: none;
    padding: 0;
    font-size: 0.8125em;
    color: var(--_muted);
  }
  .message .text {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .message .meta,
  .message.event .time {
    display: flex;
    gap: 0.5em;
    justify-content: flex-end;
    font-size: 0.75em;
    color: var(--_muted);
  }
  .message.event .time {
    display: inline;
    margin-left: 0.5em;
  }
  .image,
  .image-loading {
    display: block;
    max-width: 100%;
    max-height: 16em;
    border-radius: calc(var(--_radius) / 2);
  }
  .image-loading {
    width: 8em;
    height: 6em;
    background: var(--_surface);
  }
  .typing,
  .connection,
  .chat-empty,
  .chat-note,
  .chat-loading,
  .hint {
    font-size: 0.875em;
    color: var(--_muted);
  }
  .connection {
    color: var(--_warning);
  }
  .composer {
    display: grid;
    gap: 0.4em;
  }
  .input {
    width: 100%;
    font: inherit;
    padding: 0.5em 0.75em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_text);
    resize: vertical;
  }
  .composer-actions {
    display: flex;
    justify-content: flex-end;
    gap: 0.5em;
  }
`;
