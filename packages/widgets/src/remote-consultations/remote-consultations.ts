import { define } from '../internal/define.js';
import { IhRemoteConsultations } from './remote-consultations.component.js';

export * from './remote-consultations.component.js';
export default IhRemoteConsultations;

define('remote-consultations', IhRemoteConsultations);

declare global {
  interface HTMLElementTagNameMap {
    'ih-remote-consultations': IhRemoteConsultations;
  }
}
