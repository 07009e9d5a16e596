import { define } from '../internal/define.js';
import { IhPharmacistReview } from './pharmacist-review.component.js';

export * from './pharmacist-review.component.js';
export default IhPharmacistReview;

define('pharmacist-review', IhPharmacistReview);

declare global {
  interface HTMLElementTagNameMap {
    'ih-pharmacist-review': IhPharmacistReview;
  }
}
