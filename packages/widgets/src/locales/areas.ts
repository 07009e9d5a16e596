import * as zh from './zh-CN.js';
import * as en from './en.js';

/**
 * The string tables of both locales, area by area. An element lists the areas it uses
 * (`static stringAreas`), so a bundle of some elements carries only their strings.
 */
export const commonStrings = { 'zh-CN': zh.common, en: en.common };
export const bookingStrings = { 'zh-CN': zh.booking, en: en.booking };
export const valueStrings = { 'zh-CN': zh.values, en: en.values };
export const appointmentsStrings = { 'zh-CN': zh.appointments, en: en.appointments };
export const errorStrings = { 'zh-CN': zh.errors, en: en.errors };
export const bookingErrorStrings = { 'zh-CN': zh.bookingErrors, en: en.bookingErrors };
export const appointmentsErrorStrings = { 'zh-CN': zh.appointmentsErrors, en: en.appointmentsErrors };
export const accountErrorStrings = { 'zh-CN': zh.accountErrors, en: en.accountErrors };
export const consultStrings = { 'zh-CN': zh.consult, en: en.consult };
export const clinicStrings = { 'zh-CN': zh.clinic, en: en.clinic };
export const deskStrings = { 'zh-CN': zh.desk, en: en.desk };
export const consultErrorStrings = { 'zh-CN': zh.consultErrors, en: en.consultErrors };
export const prescriptionStrings = { 'zh-CN': zh.prescription, en: en.prescription };
export const prescriptionEditorStrings = { 'zh-CN': zh.prescriptionEditor, en: en.prescriptionEditor };
export const pharmacistReviewStrings = { 'zh-CN': zh.pharmacistReview, en: en.pharmacistReview };
export const prescriptionsStrings = { 'zh-CN': zh.prescriptions, en: en.prescriptions };
export const prescriptionErrorStrings = { 'zh-CN': zh.prescriptionErrors, en: en.prescriptionErrors };
export const videoStrings = { 'zh-CN': zh.video, en: en.video };
export const reportsStrings = { 'zh-CN': zh.reports, en: en.reports };
export const reportsErrorStrings = { 'zh-CN': zh.reportsErrors, en: en.reportsErrors };

/** Every area (the full entry loads them all, so every error code has its message). */
export const allStrings = [commonStrings, bookingStrings, valueStrings, appointmentsStrings, errorStrings, bookingErrorStrings, appointmentsErrorStrings, accountErrorStrings, consultStrings, clinicStrings, deskStrings, consultErrorStrings,
  prescriptionStrings, prescriptionEditorStrings, pharmacistReviewStrings, prescriptionsStrings, prescriptionErrorStrings, videoStrings, reportsStrings, reportsErrorStrings];
