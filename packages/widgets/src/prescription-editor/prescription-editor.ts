import { define } from '../internal/define.js';
import { IhPrescriptionEditor } from './prescription-editor.component.js';

export * from './prescription-editor.component.js';
export default IhPrescriptionEditor;

define('prescription-editor', IhPrescriptionEditor);

declare global {
  interface HTMLElementTagNameMap {
    'ih-prescription-editor': IhPrescriptionEditor;
  }
}
