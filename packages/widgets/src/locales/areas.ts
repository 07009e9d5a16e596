import type { StringArea } from '../internal/localize.js';

/**
 * The string tables, area by area. Every locale, Simplified Chinese (the default) included, is a
 * chunk of its own that is fetched the first time an element shows that locale (`stringsReady`),
 * so a page pays only for the language it shows. An element lists the areas
 * it uses (`static stringAreas`), so a bundle of some elements carries only their strings —
 * rollup keeps in each locale chunk just the areas its loaders name.
 */
export const commonStrings: StringArea = {
  'zh-CN': () => import('./zh-CN.js').then((m) => m.common),
  en: () => import('./en.js').then((m) => m.common),
  'zh-TW': () => import('./zh-TW.js').then((m) => m.common),
};
export const bookingStrings: StringArea = {
  'zh-CN': () => import('./zh-CN.js').then((m) => m.booking),
  en: () => import('./en.js').then((m) => m.booking),
  'zh-TW': () => import('./zh-TW.js').then((m) => m.booking),
};
export const valueStrings: StringArea = {
  'zh-CN': () => import('./zh-CN.js').then((m) => m.values),
  en: () => import('./en.js').then((m) => m.values),
  'zh-TW': () => import('./zh-TW.js').then((m) => m.values),
};
export const appointmentsStrings: StringArea = {
  'zh-CN': () => import('./zh-CN.js').then((m) => m.appointments),
  en: () => import('./en.js').then((m) => m.appointments),
  'zh-TW': () => import('./zh-TW.js').then((m) => m.appointments),
};
export const errorStrings: StringArea = {
  'zh-CN': () => import('./zh-CN.js').then((m) => m.errors),
  en: () => import('./en.js').then((m) => m.errors),
  'zh-TW': () => import('./zh-TW.js').then((m) => m.errors),
};
export const bookingErrorStrings: StringArea = {
  'zh-CN': () => import('./zh-CN.js').then((m) => m.bookingErrors),
  en: () => import('./en.js').then((m) => m.bookingErrors),
  'zh-TW': () => import('./zh-TW.js').then((m) => m.bookingErrors),
};
export const appointmentsErrorStrings: StringArea = {
  'zh-CN': () => import('./zh-CN.js').then((m) => m.appointmentsErrors),
  en: () => import('./en.js').then((m) => m.appointmentsErrors),
  'zh-TW': () => import('./zh-TW.js').then((m) => m.appointmentsErrors),
};
export const accountErrorStrings: StringArea = {
  'zh-CN': () => import('./zh-CN.js').then((m) => m.accountErrors),
  en: () => import('./en.js').then((m) => m.accountErrors),
  'zh-TW': () => import('./zh-TW.js').then((m) => m.accountErrors),
};
export const consultStrings: StringArea = {
  'zh-CN': () => import('./zh-CN.js').then((m) => m.consult),
  en: () => import('./en.js').then((m) => m.consult),
  'zh-TW': () => import('./zh-TW.js').then((m) => m.consult),
};
export const clinicStrings: StringArea = {
  'zh-CN': () => import('./zh-CN.js').then((m) => m.clinic),
  en: () => import('./en.js').then((m) => m.clinic),
  'zh-TW': () => import('./zh-TW.js').then((m) => m.clinic),
};
export const consultErrorStrings: StringArea = {
  'zh-CN': () => import('./zh-CN.js').then((m) => m.consultErrors),
  en: () => import('./en.js').then((m) => m.consultErrors),
  'zh-TW': () => import('./zh-TW.js').then((m) => m.consultErrors),
};
export const prescriptionStrings: StringArea = {
  'zh-CN': () => import('./zh-CN.js').then((m) => m.prescription),
  en: () => import('./en.js').then((m) => m.prescription),
  'zh-TW': () => import('./zh-TW.js').then((m) => m.prescription),
};
export const prescriptionsStrings: StringArea = {
  'zh-CN': () => import('./zh-CN.js').then((m) => m.prescriptions),
  en: () => import('./en.js').then((m) => m.prescriptions),
  'zh-TW': () => import('./zh-TW.js').then((m) => m.prescriptions),
};
export const prescriptionErrorStrings: StringArea = {
  'zh-CN': () => import('./zh-CN.js').then((m) => m.prescriptionErrors),
  en: () => import('./en.js').then((m) => m.prescriptionErrors),
  'zh-TW': () => import('./zh-TW.js').then((m) => m.prescriptionErrors),
};
export const reportsStrings: StringArea = {
  'zh-CN': () => import('./zh-CN.js').then((m) => m.reports),
  en: () => import('./en.js').then((m) => m.reports),
  'zh-TW': () => import('./zh-TW.js').then((m) => m.reports),
};
export const reportsErrorStrings: StringArea = {
  'zh-CN': () => import('./zh-CN.js').then((m) => m.reportsErrors),
  en: () => import('./en.js').then((m) => m.reportsErrors),
  'zh-TW': () => import('./zh-TW.js').then((m) => m.reportsErrors),
};
export const embedStrings: StringArea = {
  'zh-CN': () => import('./zh-CN.js').then((m) => m.embed),
  en: () => import('./en.js').then((m) => m.embed),
  'zh-TW': () => import('./zh-TW.js').then((m) => m.embed),
};
/**
 * Every area of the main table (the full entry loads them all). The areas of elements that are
 * chunks of their own are in `locales/<area>/area.ts` and load with the element (see docs).
 */
export const allStrings = [commonStrings, bookingStrings, valueStrings, appointmentsStrings, errorStrings, bookingErrorStrings, appointmentsErrorStrings, accountErrorStrings, consultStrings, clinicStrings, consultErrorStrings,
  prescriptionStrings, prescriptionsStrings, prescriptionErrorStrings, reportsStrings, reportsErrorStrings, embedStrings];
