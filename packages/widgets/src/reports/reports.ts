import { define } from '../internal/define.js';
import { IhReports } from './reports.component.js';

export * from './reports.component.js';
export default IhReports;

define('reports', IhReports);

declare global {
  interface HTMLElementTagNameMap {
    'ih-reports': IhReports;
  }
}
