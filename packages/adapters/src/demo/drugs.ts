/**
 * The demo hospital's outpatient pharmacy: its drug catalog, a small interaction table, the
 * demo patients' recorded allergies and the places a prescription can be picked up. Names,
 * strengths and pack sizes are those of common products on the Chinese market; prices (fen)
 * and stock are invented but plausible. Dose ranges follow the usual label doses and are meant
 * for the demo's prescription checks, not for treating anyone.
 *
 * Conventions:
 * - `unitDose` is how much of `doseUnit` one unit of the pack (tablet, ml, g, sachet, puff)
 *   holds; liquids dosed in mg give the mg per ml.
 * - Combination products are dosed in their main ingredient (amoxicillin, pseudoephedrine).
 * - Creams and ointments are dosed in applications; one application is about one fingertip
 *   unit (0.5 g), so a gram holds 2 (`APPLICATIONS_PER_G`).
 * - Paediatric products that are dosed by age band rather than weight (montelukast granules,
 *   vitamin D) carry only `adultDose`, set to the labelled dose of that product.
 */
import type { Allergy, Drug, DrugControl, PickupPoint } from '@ihkit/core';
import type { DrugInteraction } from '../his.js';
import { DEMO_HOSPITAL } from './catalog.js';
import { seedId } from './ids.js';
import { PATIENT } from './patients.js';

type DoseRange = NonNullable<Drug['adultDose']>;
type DrugSpec = Omit<Drug, 'id' | 'price' | 'control'> & { /** Fen. */ price: number; control?: DrugControl };

const id = (key: string): string => seedId('drug', key);
const dose = (min: number, max: number, maxDaily: number): DoseRange => ({ min, max, maxDaily });
const drug = (key: string, { price, control = 'none', ...spec }: DrugSpec): Drug =>
  ({ id: id(key), ...spec, price: { amount: price, currency: 'CNY' }, control });

const APPLICATIONS_PER_G = 2;

export const drugs: readonly Drug[] = [
  // ── Cardiology ──────────────────────────────────────────────────────────────
  drug('amlodipine-5mg', { name: '苯磺酸氨氯地平片', nameEn: 'Amlodipine Besylate Tablets', ingredient: 'amlodipine', strength: '5 mg', form: 'tablet', route: 'oral', packSize: 28, packUnit: 'box', price: 1260, stock: 240,
    doseUnit: 'mg', unitDose: 5, adultDose: dose(2.5, 10, 10), classes: ['ccb'] }),
  drug('nifedipine-cr-30mg', { name: '硝苯地平控释片', nameEn: 'Nifedipine Controlled-Release Tablets', ingredient: 'nifedipine', strength: '30 mg', form: 'tablet', route: 'oral', packSize: 7, packUnit: 'box', price: 3350, stock: 180,
    doseUnit: 'mg', unitDose: 30, adultDose: dose(30, 60, 120), classes: ['ccb'] }),
  drug('valsartan-80mg', { name: '缬沙坦胶囊', nameEn: 'Valsartan Capsules', ingredient: 'valsartan', strength: '80 mg', form: 'capsule', route: 'oral', packSize: 28, packUnit: 'box', price: 2850, stock: 160,
    doseUnit: 'mg', unitDose: 80, adultDose: dose(40, 160, 320), classes: ['arb'] }),
  drug('losartan-50mg', { name: '氯沙坦钾片', nameEn: 'Losartan Potassium Tablets', ingredient: 'losartan', strength: '50 mg', form: 'tablet', route: 'oral', packSize: 28, packUnit: 'box', price: 1890, stock: 150,
    doseUnit: 'mg', unitDose: 50, adultDose: dose(25, 100, 100), classes: ['arb'] }),
  drug('enalapril-10mg', { name: '马来酸依那普利片', nameEn: 'Enalapril Maleate Tablets', ingredient: 'enalapril', strength: '10 mg', form: 'tablet', route: 'oral', packSize: 16, packUnit: 'box', price: 680, stock: 120,
    doseUnit: 'mg', unitDose: 10, adultDose: dose(2.5, 20, 40), classes: ['acei'] }),
  drug('metoprolol-tartrate-25mg', { name: '酒石酸美托洛尔片', nameEn: 'Metoprolol Tartrate Tablets', ingredient: 'metoprolol', strength: '25 mg', form: 'tablet', route: 'oral', packSize: 20, packUnit: 'box', price: 590, stock: 200,
    doseUnit: 'mg', unitDose: 25, adultDose: dose(6.25, 100, 200), classes: ['beta_blocker'] }),
  drug('metoprolol-succinate-47.5mg', { name: '琥珀酸美托洛尔缓释片', nameEn: 'Metoprolol Succinate Extended-Release Tablets', ingredient: 'metoprolol', strength: '47.5 mg', form: 'tablet', route: 'oral', packSize: 7, packUnit: 'box', price: 2380, stock: 140,
    doseUnit: 'mg', unitDose: 47.5, adultDose: dose(23.75, 190, 190), classes: ['beta_blocker'] }),
  drug('bisoprolol-5mg', { name: '富马酸比索洛尔片', nameEn: 'Bisoprolol Fumarate Tablets', ingredient: 'bisoprolol', strength: '5 mg', form: 'tablet', route: 'oral', packSize: 10, packUnit: 'box', price: 1630, stock: 110,
    doseUnit: 'mg', unitDose: 5, adultDose: dose(1.25, 10, 10), classes: ['beta_blocker'] }),
  drug('atorvastatin-20mg', { name: '阿托伐他汀钙片', nameEn: 'Atorvastatin Calcium Tablets', ingredient: 'atorvastatin', strength: '20 mg', form: 'tablet', route: 'oral', packSize: 14, packUnit: 'box', price: 1480, stock: 260,
    doseUnit: 'mg', unitDose: 20, adultDose: dose(10, 80, 80), classes: ['statin'] }),
  drug('rosuvastatin-10mg', { name: '瑞舒伐他汀钙片', nameEn: 'Rosuvastatin Calcium Tablets', ingredient: 'rosuvastatin', strength: '10 mg', form: 'tablet', route: 'oral', packSize: 28, packUnit: 'box', price: 1960, stock: 190,
    doseUnit: 'mg', unitDose: 10, adultDose: dose(5, 20, 20), classes: ['statin'] }),
  drug('simvastatin-20mg', { name: '辛伐他汀片', nameEn: 'Simvastatin Tablets', ingredient: 'simvastatin', strength: '20 mg', form: 'tablet', route: 'oral', packSize: 14, packUnit: 'box', price: 640, stock: 80,
    doseUnit: 'mg', unitDose: 20, adultDose: dose(10, 40, 40), classes: ['statin'] }),
  drug('aspirin-100mg', { name: '阿司匹林肠溶片', nameEn: 'Aspirin Enteric-Coated Tablets', ingredient: 'aspirin', strength: '100 mg', form: 'tablet', route: 'oral', packSize: 30, packUnit: 'box', price: 1550, stock: 300,
    doseUnit: 'mg', unitDose: 100, adultDose: dose(75, 300, 300), minAgeYears: 16, allergyGroups: ['nsaid'], classes: ['antiplatelet', 'salicylate'] }),
  drug('clopidogrel-75mg', { name: '硫酸氢氯吡格雷片', nameEn: 'Clopidogrel Bisulfate Tablets', ingredient: 'clopidogrel', strength: '75 mg', form: 'tablet', route: 'oral', packSize: 7, packUnit: 'box', price: 2180, stock: 170,
    doseUnit: 'mg', unitDose: 75, adultDose: dose(75, 300, 300), classes: ['antiplatelet'] }),
  drug('warfarin-2.5mg', { name: '华法林钠片', nameEn: 'Warfarin Sodium Tablets', ingredient: 'warfarin', strength: '2.5 mg', form: 'tablet', route: 'oral', packSize: 60, packUnit: 'bottle', price: 1290, stock: 60,
    doseUnit: 'mg', unitDose: 2.5, adultDose: dose(0.625, 10, 10), classes: ['anticoagulant', 'vka'] }),
  drug('hydrochlorothiazide-25mg', { name: '氢氯噻嗪片', nameEn: 'Hydrochlorothiazide Tablets', ingredient: 'hydrochlorothiazide', strength: '25 mg', form: 'tablet', route: 'oral', packSize: 100, packUnit: 'bottle', price: 450, stock: 90,
    doseUnit: 'mg', unitDose: 25, adultDose: dose(6.25, 50, 100), allergyGroups: ['sulfonamide'], classes: ['thiazide', 'diuretic'] }),
  drug('furosemide-20mg', { name: '呋塞米片', nameEn: 'Furosemide Tablets', ingredient: 'furosemide', strength: '20 mg', form: 'tablet', route: 'oral', packSize: 100, packUnit: 'bottle', price: 480, stock: 70,
    doseUnit: 'mg', unitDose: 20, adultDose: dose(10, 80, 160), allergyGroups: ['sulfonamide'], classes: ['loop_diuretic', 'diuretic'] }),
  drug('spironolactone-20mg', { name: '螺内酯片', nameEn: 'Spironolactone Tablets', ingredient: 'spironolactone', strength: '20 mg', form: 'tablet', route: 'oral', packSize: 100, packUnit: 'bottle', price: 600, stock: 85,
    doseUnit: 'mg', unitDose: 20, adultDose: dose(20, 100, 200), classes: ['potassium_sparing_diuretic', 'diuretic'] }),
  drug('potassium-chloride-sr-0.5g', { name: '氯化钾缓释片', nameEn: 'Potassium Chloride Sustained-Release Tablets', ingredient: 'potassium chloride', strength: '0.5 g', form: 'tablet', route: 'oral', packSize: 24, packUnit: 'box', price: 560, stock: 75,
    doseUnit: 'g', unitDose: 0.5, adultDose: dose(0.5, 2, 6), classes: ['potassium_supplement'] }),
  drug('isosorbide-mononitrate-sr-40mg', { name: '单硝酸异山梨酯缓释片', nameEn: 'Isosorbide Mononitrate Sustained-Release Tablets', ingredient: 'isosorbide mononitrate', strength: '40 mg', form: 'tablet', route: 'oral', packSize: 24, packUnit: 'box', price: 1980, stock: 65,
    doseUnit: 'mg', unitDose: 40, adultDose: dose(30, 60, 120), classes: ['nitrate'] }),

  // ── Respiratory ─────────────────────────────────────────────────────────────
  drug('amoxicillin-250mg', { name: '阿莫西林胶囊', nameEn: 'Amoxicillin Capsules', ingredient: 'amoxicillin', strength: '250 mg', form: 'capsule', route: 'oral', packSize: 24, packUnit: 'box', price: 960, stock: 220,
    doseUnit: 'mg', unitDose: 250, adultDose: dose(250, 1000, 4000), childDosePerKg: dose(7, 45, 90), allergyGroups: ['penicillin'], classes: ['penicillin', 'beta_lactam'] }),
  drug('amoxicillin-clavulanate-625mg', { name: '阿莫西林克拉维酸钾片', nameEn: 'Amoxicillin and Clavulanate Potassium Tablets', ingredient: 'amoxicillin and clavulanate potassium', strength: '500 mg/125 mg', form: 'tablet', route: 'oral', packSize: 12, packUnit: 'box', price: 3260, stock: 95,
    doseUnit: 'mg', unitDose: 500, adultDose: dose(500, 500, 1500), allergyGroups: ['penicillin'], classes: ['penicillin', 'beta_lactam'] }),
  drug('cefuroxime-axetil-250mg', { name: '头孢呋辛酯片', nameEn: 'Cefuroxime Axetil Tablets', ingredient: 'cefuroxime axetil', strength: '250 mg', form: 'tablet', route: 'oral', packSize: 12, packUnit: 'box', price: 2460, stock: 130,
    doseUnit: 'mg', unitDose: 250, adultDose: dose(250, 500, 1000), childDosePerKg: dose(10, 15, 30), allergyGroups: ['cephalosporin'], classes: ['cephalosporin', 'beta_lactam'] }),
  drug('azithromycin-250mg', { name: '阿奇霉素片', nameEn: 'Azithromycin Tablets', ingredient: 'azithromycin', strength: '250 mg', form: 'tablet', route: 'oral', packSize: 6, packUnit: 'box', price: 1680, stock: 150,
    doseUnit: 'mg', unitDose: 250, adultDose: dose(250, 500, 500), allergyGroups: ['macrolide'], classes: ['macrolide'] }),
  drug('clarithromycin-250mg', { name: '克拉霉素片', nameEn: 'Clarithromycin Tablets', ingredient: 'clarithromycin', strength: '250 mg', form: 'tablet', route: 'oral', packSize: 6, packUnit: 'box', price: 1560, stock: 100,
    doseUnit: 'mg', unitDose: 250, adultDose: dose(250, 500, 1000), allergyGroups: ['macrolide'], classes: ['macrolide'] }),
  drug('levofloxacin-500mg', { name: '左氧氟沙星片', nameEn: 'Levofloxacin Tablets', ingredient: 'levofloxacin', strength: '500 mg', form: 'tablet', route: 'oral', packSize: 4, packUnit: 'box', price: 2280, stock: 120,
    doseUnit: 'mg', unitDose: 500, adultDose: dose(250, 750, 750), minAgeYears: 18, allergyGroups: ['quinolone'], classes: ['fluoroquinolone'] }),
  drug('salbutamol-inhaler-100ug', { name: '硫酸沙丁胺醇吸入气雾剂', nameEn: 'Salbutamol Sulfate Inhalation Aerosol', ingredient: 'salbutamol', strength: '100 µg/puff', form: 'inhaler', route: 'inhaled', packSize: 200, packUnit: 'inhaler', price: 2380, stock: 140,
    doseUnit: 'puff', unitDose: 1, adultDose: dose(1, 2, 8), classes: ['saba', 'beta2_agonist'] }),
  drug('budesonide-formoterol-160', { name: '布地奈德福莫特罗吸入粉雾剂(Ⅱ)', nameEn: 'Budesonide and Formoterol Fumarate Powder for Inhalation (II)', ingredient: 'budesonide and formoterol', strength: '160 µg/4.5 µg per puff', form: 'inhaler', route: 'inhaled', packSize: 60, packUnit: 'inhaler', price: 19600, stock: 45,
    doseUnit: 'puff', unitDose: 1, adultDose: dose(1, 4, 8), minAgeYears: 12, classes: ['ics', 'laba'] }),
  drug('tiotropium-18ug', { name: '噻托溴铵粉吸入剂', nameEn: 'Tiotropium Bromide Powder for Inhalation', ingredient: 'tiotropium', strength: '18 µg', form: 'capsule', route: 'inhaled', packSize: 30, packUnit: 'box', price: 17800, stock: 24,
    doseUnit: 'µg', unitDose: 18, adultDose: dose(18, 18, 18), minAgeYears: 18, classes: ['lama'] }),
  drug('montelukast-10mg', { name: '孟鲁司特钠片', nameEn: 'Montelukast Sodium Tablets', ingredient: 'montelukast', strength: '10 mg', form: 'tablet', route: 'oral', packSize: 10, packUnit: 'box', price: 3860, stock: 120,
    doseUnit: 'mg', unitDose: 10, adultDose: dose(10, 10, 10), minAgeYears: 15, classes: ['ltra'] }),
  drug('ambroxol-30mg', { name: '盐酸氨溴索片', nameEn: 'Ambroxol Hydrochloride Tablets', ingredient: 'ambroxol', strength: '30 mg', form: 'tablet', route: 'oral', packSize: 20, packUnit: 'box', price: 850, stock: 210,
    doseUnit: 'mg', unitDose: 30, adultDose: dose(30, 60, 180), classes: ['mucolytic'] }),
  drug('acetylcysteine-600mg', { name: '乙酰半胱氨酸泡腾片', nameEn: 'Acetylcysteine Effervescent Tablets', ingredient: 'acetylcysteine', strength: '600 mg', form: 'tablet', route: 'oral', packSize: 10, packUnit: 'box', price: 4150, stock: 60,
    doseUnit: 'mg', unitDose: 600, adultDose: dose(600, 600, 1200), classes: ['mucolytic'] }),
  drug('dextromethorphan-15mg', { name: '氢溴酸右美沙芬片', nameEn: 'Dextromethorphan Hydrobromide Tablets', ingredient: 'dextromethorphan', strength: '15 mg', form: 'tablet', route: 'oral', packSize: 24, packUnit: 'box', price: 690, stock: 180,
    doseUnit: 'mg', unitDose: 15, adultDose: dose(15, 30, 120), minAgeYears: 2, classes: ['antitussive'] }),

  // ── Endocrinology ───────────────────────────────────────────────────────────
  drug('metformin-500mg', { name: '盐酸二甲双胍片', nameEn: 'Metformin Hydrochloride Tablets', ingredient: 'metformin', strength: '500 mg', form: 'tablet', route: 'oral', packSize: 48, packUnit: 'box', price: 1360, stock: 280,
    doseUnit: 'mg', unitDose: 500, adultDose: dose(250, 1000, 2550), minAgeYears: 10, classes: ['biguanide'] }),
  drug('gliclazide-mr-30mg', { name: '格列齐特缓释片', nameEn: 'Gliclazide Modified-Release Tablets', ingredient: 'gliclazide', strength: '30 mg', form: 'tablet', route: 'oral', packSize: 30, packUnit: 'box', price: 3290, stock: 110,
    doseUnit: 'mg', unitDose: 30, adultDose: dose(30, 120, 120), allergyGroups: ['sulfonamide'], classes: ['sulfonylurea'] }),
  drug('glimepiride-2mg', { name: '格列美脲片', nameEn: 'Glimepiride Tablets', ingredient: 'glimepiride', strength: '2 mg', form: 'tablet', route: 'oral', packSize: 30, packUnit: 'box', price: 2680, stock: 90,
    doseUnit: 'mg', unitDose: 2, adultDose: dose(1, 6, 6), allergyGroups: ['sulfonamide'], classes: ['sulfonylurea'] }),
  drug('acarbose-50mg', { name: '阿卡波糖片', nameEn: 'Acarbose Tablets', ingredient: 'acarbose', strength: '50 mg', form: 'tablet', route: 'oral', packSize: 30, packUnit: 'box', price: 1860, stock: 160,
    doseUnit: 'mg', unitDose: 50, adultDose: dose(50, 200, 600), minAgeYears: 18, classes: ['alpha_glucosidase_inhibitor'] }),
  drug('sitagliptin-100mg', { name: '磷酸西格列汀片', nameEn: 'Sitagliptin Phosphate Tablets', ingredient: 'sitagliptin', strength: '100 mg', form: 'tablet', route: 'oral', packSize: 14, packUnit: 'box', price: 4260, stock: 70,
    doseUnit: 'mg', unitDose: 100, adultDose: dose(25, 100, 100), minAgeYears: 18, classes: ['dpp4_inhibitor'] }),
  drug('insulin-glargine-300iu', { name: '甘精胰岛素注射液', nameEn: 'Insulin Glargine Injection (prefilled pen)', ingredient: 'insulin glargine', strength: '300 IU/3 ml', form: 'injection', route: 'subcutaneous', packSize: 3, packUnit: 'pen', price: 7160, stock: 40,
    doseUnit: 'IU', unitDose: 100, adultDose: dose(2, 80, 100), classes: ['insulin'] }),
  drug('levothyroxine-50ug', { name: '左甲状腺素钠片', nameEn: 'Levothyroxine Sodium Tablets', ingredient: 'levothyroxine', strength: '50 µg', form: 'tablet', route: 'oral', packSize: 100, packUnit: 'box', price: 2950, stock: 130,
    doseUnit: 'µg', unitDose: 50, adultDose: dose(12.5, 200, 300), classes: ['thyroid_hormone'] }),
  drug('methimazole-10mg', { name: '甲巯咪唑片', nameEn: 'Methimazole Tablets', ingredient: 'methimazole', strength: '10 mg', form: 'tablet', route: 'oral', packSize: 50, packUnit: 'box', price: 2880, stock: 55,
    doseUnit: 'mg', unitDose: 10, adultDose: dose(2.5, 40, 60), classes: ['antithyroid'] }),
  drug('calcium-carbonate-d3-600mg', { name: '碳酸钙D3片', nameEn: 'Calcium Carbonate and Vitamin D3 Tablets', ingredient: 'calcium carbonate and vitamin D3', strength: '600 mg/125 IU', form: 'tablet', route: 'oral', packSize: 60, packUnit: 'bottle', price: 5680, stock: 100,
    doseUnit: 'mg', unitDose: 600, adultDose: dose(300, 600, 1200), classes: ['calcium'] }),
  drug('calcitriol-0.25ug', { name: '骨化三醇软胶囊', nameEn: 'Calcitriol Soft Capsules', ingredient: 'calcitriol', strength: '0.25 µg', form: 'capsule', route: 'oral', packSize: 10, packUnit: 'box', price: 3890, stock: 80,
    doseUnit: 'µg', unitDose: 0.25, adultDose: dose(0.25, 0.5, 1), classes: ['vitamin_d_analogue'] }),

  // ── Gastroenterology ────────────────────────────────────────────────────────
  drug('omeprazole-20mg', { name: '奥美拉唑肠溶胶囊', nameEn: 'Omeprazole Enteric-Coated Capsules', ingredient: 'omeprazole', strength: '20 mg', form: 'capsule', route: 'oral', packSize: 14, packUnit: 'box', price: 1280, stock: 250,
    doseUnit: 'mg', unitDose: 20, adultDose: dose(10, 40, 80), classes: ['ppi'] }),
  drug('esomeprazole-20mg', { name: '埃索美拉唑镁肠溶片', nameEn: 'Esomeprazole Magnesium Enteric-Coated Tablets', ingredient: 'esomeprazole', strength: '20 mg', form: 'tablet', route: 'oral', packSize: 7, packUnit: 'box', price: 2980, stock: 0,
    doseUnit: 'mg', unitDose: 20, adultDose: dose(20, 40, 80), classes: ['ppi'] }),
  drug('pantoprazole-40mg', { name: '泮托拉唑钠肠溶片', nameEn: 'Pantoprazole Sodium Enteric-Coated Tablets', ingredient: 'pantoprazole', strength: '40 mg', form: 'tablet', route: 'oral', packSize: 14, packUnit: 'box', price: 1960, stock: 140,
    doseUnit: 'mg', unitDose: 40, adultDose: dose(20, 40, 80), classes: ['ppi'] }),
  drug('famotidine-20mg', { name: '法莫替丁片', nameEn: 'Famotidine Tablets', ingredient: 'famotidine', strength: '20 mg', form: 'tablet', route: 'oral', packSize: 24, packUnit: 'box', price: 560, stock: 150,
    doseUnit: 'mg', unitDose: 20, adultDose: dose(20, 40, 80), classes: ['h2ra'] }),
  drug('domperidone-10mg', { name: '多潘立酮片', nameEn: 'Domperidone Tablets', ingredient: 'domperidone', strength: '10 mg', form: 'tablet', route: 'oral', packSize: 30, packUnit: 'box', price: 1860, stock: 170,
    doseUnit: 'mg', unitDose: 10, adultDose: dose(10, 10, 30), minAgeYears: 12, classes: ['prokinetic', 'dopamine_antagonist'] }),
  drug('mosapride-5mg', { name: '枸橼酸莫沙必利片', nameEn: 'Mosapride Citrate Tablets', ingredient: 'mosapride', strength: '5 mg', form: 'tablet', route: 'oral', packSize: 24, packUnit: 'box', price: 2280, stock: 130,
    doseUnit: 'mg', unitDose: 5, adultDose: dose(5, 5, 15), classes: ['prokinetic'] }),
  drug('bismuth-potassium-citrate-300mg', { name: '枸橼酸铋钾胶囊', nameEn: 'Bismuth Potassium Citrate Capsules', ingredient: 'bismuth potassium citrate', strength: '0.3 g (bismuth 110 mg)', form: 'capsule', route: 'oral', packSize: 40, packUnit: 'box', price: 2460, stock: 90,
    doseUnit: 'mg', unitDose: 300, adultDose: dose(300, 600, 1200), classes: ['bismuth'] }),
  drug('lactulose-oral-solution', { name: '乳果糖口服溶液', nameEn: 'Lactulose Oral Solution', ingredient: 'lactulose', strength: '667 mg/ml', form: 'solution', route: 'oral', packSize: 100, packUnit: 'bottle', price: 3280, stock: 75,
    doseUnit: 'ml', unitDose: 1, adultDose: dose(10, 50, 150), childDosePerKg: dose(0.25, 1, 2), classes: ['osmotic_laxative'] }),
  drug('loperamide-2mg', { name: '盐酸洛哌丁胺胶囊', nameEn: 'Loperamide Hydrochloride Capsules', ingredient: 'loperamide', strength: '2 mg', form: 'capsule', route: 'oral', packSize: 6, packUnit: 'box', price: 1680, stock: 110,
    doseUnit: 'mg', unitDose: 2, adultDose: dose(2, 4, 16), minAgeYears: 2, classes: ['antidiarrheal'] }),
  drug('montmorillonite-3g', { name: '蒙脱石散', nameEn: 'Montmorillonite Powder', ingredient: 'dioctahedral smectite', strength: '3 g', form: 'granule', route: 'oral', packSize: 10, packUnit: 'box', price: 1950, stock: 200,
    doseUnit: 'g', unitDose: 3, adultDose: dose(3, 3, 9), childDosePerKg: dose(0.1, 0.3, 0.6), classes: ['antidiarrheal'] }),
  drug('bifidobacterium-triple-210mg', { name: '双歧杆菌三联活菌胶囊', nameEn: 'Live Combined Bifidobacterium, Lactobacillus and Enterococcus Capsules', ingredient: 'bifidobacterium, lactobacillus and enterococcus', strength: '210 mg', form: 'capsule', route: 'oral', packSize: 24, packUnit: 'box', price: 2160, stock: 120,
    doseUnit: 'mg', unitDose: 210, adultDose: dose(420, 840, 1680), classes: ['probiotic'] }),

  // ── Neurology and pain ──────────────────────────────────────────────────────
  drug('ibuprofen-sr-300mg', { name: '布洛芬缓释胶囊', nameEn: 'Ibuprofen Sustained-Release Capsules', ingredient: 'ibuprofen', strength: '300 mg', form: 'capsule', route: 'oral', packSize: 20, packUnit: 'box', price: 1590, stock: 230,
    doseUnit: 'mg', unitDose: 300, adultDose: dose(300, 600, 1200), minAgeYears: 12, allergyGroups: ['nsaid'], classes: ['nsaid'] }),
  drug('loxoprofen-60mg', { name: '洛索洛芬钠片', nameEn: 'Loxoprofen Sodium Tablets', ingredient: 'loxoprofen', strength: '60 mg', form: 'tablet', route: 'oral', packSize: 20, packUnit: 'box', price: 1480, stock: 150,
    doseUnit: 'mg', unitDose: 60, adultDose: dose(60, 60, 180), allergyGroups: ['nsaid'], classes: ['nsaid'] }),
  drug('celecoxib-200mg', { name: '塞来昔布胶囊', nameEn: 'Celecoxib Capsules', ingredient: 'celecoxib', strength: '200 mg', form: 'capsule', route: 'oral', packSize: 6, packUnit: 'box', price: 3980, stock: 85,
    doseUnit: 'mg', unitDose: 200, adultDose: dose(100, 200, 400), minAgeYears: 18, allergyGroups: ['nsaid', 'sulfonamide'], classes: ['nsaid', 'cox2_inhibitor'] }),
  drug('paracetamol-500mg', { name: '对乙酰氨基酚片', nameEn: 'Paracetamol Tablets', ingredient: 'paracetamol', strength: '500 mg', form: 'tablet', route: 'oral', packSize: 10, packUnit: 'box', price: 450, stock: 260,
    doseUnit: 'mg', unitDose: 500, adultDose: dose(250, 1000, 2000), classes: ['analgesic_antipyretic'] }),
  drug('flunarizine-5mg', { name: '盐酸氟桂利嗪胶囊', nameEn: 'Flunarizine Hydrochloride Capsules', ingredient: 'flunarizine', strength: '5 mg', form: 'capsule', route: 'oral', packSize: 20, packUnit: 'box', price: 1680, stock: 100,
    doseUnit: 'mg', unitDose: 5, adultDose: dose(5, 10, 10), classes: ['antimigraine'] }),
  drug('betahistine-6mg', { name: '甲磺酸倍他司汀片', nameEn: 'Betahistine Mesilate Tablets', ingredient: 'betahistine', strength: '6 mg', form: 'tablet', route: 'oral', packSize: 30, packUnit: 'box', price: 2280, stock: 95,
    doseUnit: 'mg', unitDose: 6, adultDose: dose(6, 12, 36), classes: ['antivertigo'] }),
  drug('gabapentin-300mg', { name: '加巴喷丁胶囊', nameEn: 'Gabapentin Capsules', ingredient: 'gabapentin', strength: '300 mg', form: 'capsule', route: 'oral', packSize: 24, packUnit: 'box', price: 3280, stock: 70,
    doseUnit: 'mg', unitDose: 300, adultDose: dose(100, 1200, 3600), minAgeYears: 12, classes: ['gabapentinoid'] }),
  drug('methylcobalamin-0.5mg', { name: '甲钴胺片', nameEn: 'Mecobalamin Tablets', ingredient: 'mecobalamin', strength: '0.5 mg', form: 'tablet', route: 'oral', packSize: 20, packUnit: 'box', price: 2580, stock: 140,
    doseUnit: 'mg', unitDose: 0.5, adultDose: dose(0.5, 0.5, 1.5), classes: ['vitamin_b12'] }),

  // ── Paediatrics ─────────────────────────────────────────────────────────────
  drug('ibuprofen-suspension-20mg-ml', { name: '布洛芬混悬液', nameEn: 'Ibuprofen Oral Suspension', ingredient: 'ibuprofen', strength: '100 ml:2 g (20 mg/ml)', form: 'suspension', route: 'oral', packSize: 100, packUnit: 'bottle', price: 2680, stock: 160,
    doseUnit: 'mg', unitDose: 20, adultDose: dose(200, 400, 1200), childDosePerKg: dose(5, 10, 40), minAgeYears: 0.5, allergyGroups: ['nsaid'], classes: ['nsaid'] }),
  drug('paracetamol-drops-100mg-ml', { name: '对乙酰氨基酚滴剂', nameEn: 'Paracetamol Oral Drops', ingredient: 'paracetamol', strength: '15 ml:1.5 g (100 mg/ml)', form: 'drops', route: 'oral', packSize: 15, packUnit: 'bottle', price: 1850, stock: 120,
    doseUnit: 'mg', unitDose: 100, adultDose: dose(250, 1000, 2000), childDosePerKg: dose(10, 15, 60), minAgeYears: 0.25, classes: ['analgesic_antipyretic'] }),
  drug('paracetamol-suspension-32mg-ml', { name: '对乙酰氨基酚混悬液', nameEn: 'Paracetamol Oral Suspension', ingredient: 'paracetamol', strength: '100 ml:3.2 g (32 mg/ml)', form: 'suspension', route: 'oral', packSize: 100, packUnit: 'bottle', price: 2250, stock: 1,
    doseUnit: 'mg', unitDose: 32, adultDose: dose(250, 1000, 2000), childDosePerKg: dose(10, 15, 60), minAgeYears: 0.25, classes: ['analgesic_antipyretic'] }),
  drug('amoxicillin-granules-125mg', { name: '阿莫西林颗粒', nameEn: 'Amoxicillin Granules', ingredient: 'amoxicillin', strength: '125 mg', form: 'granule', route: 'oral', packSize: 12, packUnit: 'box', price: 850, stock: 180,
    doseUnit: 'mg', unitDose: 125, adultDose: dose(250, 1000, 4000), childDosePerKg: dose(7, 45, 90), allergyGroups: ['penicillin'], classes: ['penicillin', 'beta_lactam'] }),
  drug('amoxicillin-clavulanate-suspension-228.5mg', { name: '阿莫西林克拉维酸钾干混悬剂', nameEn: 'Amoxicillin and Clavulanate Potassium for Oral Suspension', ingredient: 'amoxicillin and clavulanate potassium', strength: '228.5 mg (200 mg/28.5 mg)', form: 'suspension', route: 'oral', packSize: 12, packUnit: 'box', price: 2860, stock: 90,
    doseUnit: 'mg', unitDose: 200, adultDose: dose(200, 875, 1750), childDosePerKg: dose(12.5, 22.5, 45), minAgeYears: 0.25, allergyGroups: ['penicillin'], classes: ['penicillin', 'beta_lactam'] }),
  drug('azithromycin-suspension-100mg', { name: '阿奇霉素干混悬剂', nameEn: 'Azithromycin for Oral Suspension', ingredient: 'azithromycin', strength: '100 mg', form: 'suspension', route: 'oral', packSize: 6, packUnit: 'box', price: 1980, stock: 110,
    doseUnit: 'mg', unitDose: 100, adultDose: dose(250, 500, 500), childDosePerKg: dose(5, 10, 10), minAgeYears: 0.5, allergyGroups: ['macrolide'], classes: ['macrolide'] }),
  drug('cefixime-granules-50mg', { name: '头孢克肟颗粒', nameEn: 'Cefixime Granules', ingredient: 'cefixime', strength: '50 mg', form: 'granule', route: 'oral', packSize: 6, packUnit: 'box', price: 1890, stock: 130,
    doseUnit: 'mg', unitDose: 50, adultDose: dose(50, 200, 400), childDosePerKg: dose(1.5, 6, 12), minAgeYears: 0.5, allergyGroups: ['cephalosporin'], classes: ['cephalosporin', 'beta_lactam'] }),
  drug('montelukast-5mg-chewable', { name: '孟鲁司特钠咀嚼片', nameEn: 'Montelukast Sodium Chewable Tablets', ingredient: 'montelukast', strength: '5 mg', form: 'tablet', route: 'oral', packSize: 10, packUnit: 'box', price: 3260, stock: 80,
    doseUnit: 'mg', unitDose: 5, adultDose: dose(5, 5, 5), minAgeYears: 6, classes: ['ltra'] }),
  drug('montelukast-4mg-granules', { name: '孟鲁司特钠颗粒', nameEn: 'Montelukast Sodium Granules', ingredient: 'montelukast', strength: '4 mg', form: 'granule', route: 'oral', packSize: 6, packUnit: 'box', price: 3580, stock: 70,
    doseUnit: 'mg', unitDose: 4, adultDose: dose(4, 4, 4), minAgeYears: 1, classes: ['ltra'] }),
  drug('budesonide-nebuliser-1mg', { name: '吸入用布地奈德混悬液', nameEn: 'Budesonide Suspension for Inhalation', ingredient: 'budesonide', strength: '2 ml:1 mg', form: 'suspension', route: 'inhaled', packSize: 5, packUnit: 'box', price: 5260, stock: 60,
    doseUnit: 'mg', unitDose: 1, adultDose: dose(0.25, 2, 4), minAgeYears: 0.5, classes: ['ics'] }),
  drug('ambroxol-oral-solution-3mg-ml', { name: '盐酸氨溴索口服溶液', nameEn: 'Ambroxol Hydrochloride Oral Solution', ingredient: 'ambroxol', strength: '100 ml:0.3 g (3 mg/ml)', form: 'solution', route: 'oral', packSize: 100, packUnit: 'bottle', price: 1860, stock: 95,
    doseUnit: 'mg', unitDose: 3, adultDose: dose(30, 60, 180), childDosePerKg: dose(0.3, 0.8, 1.6), classes: ['mucolytic'] }),
  drug('oral-rehydration-salts-iii', { name: '口服补液盐散(Ⅲ)', nameEn: 'Oral Rehydration Salts Powder (III)', ingredient: 'oral rehydration salts', strength: '5.125 g (for 250 ml)', form: 'granule', route: 'oral', packSize: 6, packUnit: 'box', price: 580, stock: 200,
    doseUnit: 'ml', unitDose: 250, adultDose: dose(250, 750, 3000), childDosePerKg: dose(5, 50, 100), classes: ['oral_rehydration'] }),
  drug('cetirizine-drops-10mg-ml', { name: '盐酸西替利嗪滴剂', nameEn: 'Cetirizine Hydrochloride Oral Drops', ingredient: 'cetirizine', strength: '10 ml:0.1 g (10 mg/ml)', form: 'drops', route: 'oral', packSize: 10, packUnit: 'bottle', price: 2160, stock: 85,
    doseUnit: 'mg', unitDose: 10, adultDose: dose(5, 10, 10), childDosePerKg: dose(0.1, 0.35, 0.5), minAgeYears: 1, classes: ['antihistamine_h1'] }),
  drug('vitamin-d-drops-400iu', { name: '维生素D滴剂', nameEn: 'Vitamin D Drops (capsule)', ingredient: 'cholecalciferol', strength: '400 IU', form: 'capsule', route: 'oral', packSize: 30, packUnit: 'box', price: 2480, stock: 150,
    doseUnit: 'IU', unitDose: 400, adultDose: dose(400, 800, 2000), classes: ['vitamin_d'] }),

  // ── Dermatology ─────────────────────────────────────────────────────────────
  drug('mometasone-cream-0.1pct', { name: '糠酸莫米松乳膏', nameEn: 'Mometasone Furoate Cream', ingredient: 'mometasone furoate', strength: '0.1% (5 g)', form: 'cream', route: 'topical', packSize: 5, packUnit: 'tube', price: 2480, stock: 110,
    doseUnit: 'application', unitDose: APPLICATIONS_PER_G, adultDose: dose(1, 1, 1), minAgeYears: 2, classes: ['topical_corticosteroid'] }),
  drug('hydrocortisone-butyrate-cream-0.1pct', { name: '丁酸氢化可的松乳膏', nameEn: 'Hydrocortisone Butyrate Cream', ingredient: 'hydrocortisone butyrate', strength: '0.1% (20 g)', form: 'cream', route: 'topical', packSize: 20, packUnit: 'tube', price: 1580, stock: 130,
    doseUnit: 'application', unitDose: APPLICATIONS_PER_G, adultDose: dose(1, 1, 2), classes: ['topical_corticosteroid'] }),
  drug('mupirocin-ointment-2pct', { name: '莫匹罗星软膏', nameEn: 'Mupirocin Ointment', ingredient: 'mupirocin', strength: '2% (5 g)', form: 'ointment', route: 'topical', packSize: 5, packUnit: 'tube', price: 2150, stock: 120,
    doseUnit: 'application', unitDose: APPLICATIONS_PER_G, adultDose: dose(1, 1, 3), classes: ['topical_antibiotic'] }),
  drug('terbinafine-cream-1pct', { name: '盐酸特比萘芬乳膏', nameEn: 'Terbinafine Hydrochloride Cream', ingredient: 'terbinafine', strength: '1% (15 g)', form: 'cream', route: 'topical', packSize: 15, packUnit: 'tube', price: 1960, stock: 100,
    doseUnit: 'application', unitDose: APPLICATIONS_PER_G, adultDose: dose(1, 1, 2), classes: ['topical_antifungal'] }),
  drug('adapalene-gel-0.1pct', { name: '阿达帕林凝胶', nameEn: 'Adapalene Gel', ingredient: 'adapalene', strength: '0.1% (30 g)', form: 'cream', route: 'topical', packSize: 30, packUnit: 'tube', price: 6580, stock: 60,
    doseUnit: 'application', unitDose: APPLICATIONS_PER_G, adultDose: dose(1, 1, 1), minAgeYears: 12, classes: ['topical_retinoid'] }),
  drug('tacrolimus-ointment-0.03pct', { name: '他克莫司软膏', nameEn: 'Tacrolimus Ointment', ingredient: 'tacrolimus', strength: '0.03% (10 g)', form: 'ointment', route: 'topical', packSize: 10, packUnit: 'tube', price: 13800, stock: 35,
    doseUnit: 'application', unitDose: APPLICATIONS_PER_G, adultDose: dose(1, 1, 2), minAgeYears: 2, classes: ['topical_calcineurin_inhibitor'] }),
  drug('loratadine-10mg', { name: '氯雷他定片', nameEn: 'Loratadine Tablets', ingredient: 'loratadine', strength: '10 mg', form: 'tablet', route: 'oral', packSize: 6, packUnit: 'box', price: 1860, stock: 190,
    doseUnit: 'mg', unitDose: 10, adultDose: dose(5, 10, 10), minAgeYears: 2, classes: ['antihistamine_h1'] }),
  drug('cetirizine-10mg', { name: '盐酸西替利嗪片', nameEn: 'Cetirizine Hydrochloride Tablets', ingredient: 'cetirizine', strength: '10 mg', form: 'tablet', route: 'oral', packSize: 12, packUnit: 'box', price: 1980, stock: 170,
    doseUnit: 'mg', unitDose: 10, adultDose: dose(5, 10, 10), childDosePerKg: dose(0.1, 0.35, 0.5), minAgeYears: 6, classes: ['antihistamine_h1'] }),
  drug('doxycycline-100mg', { name: '盐酸多西环素片', nameEn: 'Doxycycline Hyclate Tablets', ingredient: 'doxycycline', strength: '100 mg', form: 'tablet', route: 'oral', packSize: 10, packUnit: 'box', price: 980, stock: 75,
    doseUnit: 'mg', unitDose: 100, adultDose: dose(50, 200, 200), minAgeYears: 8, allergyGroups: ['tetracycline'], classes: ['tetracycline'] }),

  // ── Other departments' common drugs ─────────────────────────────────────────
  drug('prednisone-5mg', { name: '醋酸泼尼松片', nameEn: 'Prednisone Acetate Tablets', ingredient: 'prednisone', strength: '5 mg', form: 'tablet', route: 'oral', packSize: 100, packUnit: 'bottle', price: 580, stock: 120,
    doseUnit: 'mg', unitDose: 5, adultDose: dose(2.5, 60, 80), childDosePerKg: dose(0.5, 2, 2), classes: ['glucocorticoid'] }),
  drug('methylprednisolone-4mg', { name: '甲泼尼龙片', nameEn: 'Methylprednisolone Tablets', ingredient: 'methylprednisolone', strength: '4 mg', form: 'tablet', route: 'oral', packSize: 30, packUnit: 'box', price: 2160, stock: 90,
    doseUnit: 'mg', unitDose: 4, adultDose: dose(2, 48, 48), classes: ['glucocorticoid'] }),
  drug('sertraline-50mg', { name: '盐酸舍曲林片', nameEn: 'Sertraline Hydrochloride Tablets', ingredient: 'sertraline', strength: '50 mg', form: 'tablet', route: 'oral', packSize: 14, packUnit: 'box', price: 4280, stock: 65,
    doseUnit: 'mg', unitDose: 50, adultDose: dose(25, 200, 200), minAgeYears: 6, classes: ['ssri'] }),
  drug('escitalopram-10mg', { name: '草酸艾司西酞普兰片', nameEn: 'Escitalopram Oxalate Tablets', ingredient: 'escitalopram', strength: '10 mg', form: 'tablet', route: 'oral', packSize: 14, packUnit: 'box', price: 5360, stock: 55,
    doseUnit: 'mg', unitDose: 10, adultDose: dose(5, 20, 20), minAgeYears: 18, classes: ['ssri'] }),
  drug('allopurinol-100mg', { name: '别嘌醇片', nameEn: 'Allopurinol Tablets', ingredient: 'allopurinol', strength: '100 mg', form: 'tablet', route: 'oral', packSize: 100, packUnit: 'bottle', price: 680, stock: 80,
    doseUnit: 'mg', unitDose: 100, adultDose: dose(50, 300, 600), classes: ['xanthine_oxidase_inhibitor'] }),
  drug('febuxostat-40mg', { name: '非布司他片', nameEn: 'Febuxostat Tablets', ingredient: 'febuxostat', strength: '40 mg', form: 'tablet', route: 'oral', packSize: 16, packUnit: 'box', price: 2460, stock: 70,
    doseUnit: 'mg', unitDose: 40, adultDose: dose(20, 80, 80), minAgeYears: 18, classes: ['xanthine_oxidase_inhibitor'] }),
  drug('colchicine-0.5mg', { name: '秋水仙碱片', nameEn: 'Colchicine Tablets', ingredient: 'colchicine', strength: '0.5 mg', form: 'tablet', route: 'oral', packSize: 20, packUnit: 'bottle', price: 980, stock: 50,
    doseUnit: 'mg', unitDose: 0.5, adultDose: dose(0.5, 1, 1.5), classes: ['colchicine'] }),

  // ── Controlled: held by the pharmacy, never prescribed online ───────────────
  drug('morphine-sr-30mg', { name: '硫酸吗啡缓释片', nameEn: 'Morphine Sulfate Sustained-Release Tablets', ingredient: 'morphine', strength: '30 mg', form: 'tablet', route: 'oral', packSize: 10, packUnit: 'box', price: 3860, stock: 20, control: 'narcotic',
    doseUnit: 'mg', unitDose: 30, adultDose: dose(10, 60, 180), classes: ['opioid'] }),
  drug('oxycodone-cr-10mg', { name: '盐酸羟考酮缓释片', nameEn: 'Oxycodone Hydrochloride Prolonged-Release Tablets', ingredient: 'oxycodone', strength: '10 mg', form: 'tablet', route: 'oral', packSize: 10, packUnit: 'box', price: 6980, stock: 15, control: 'narcotic',
    doseUnit: 'mg', unitDose: 10, adultDose: dose(10, 40, 80), classes: ['opioid'] }),
  drug('fentanyl-patch-25ug-h', { name: '芬太尼透皮贴剂', nameEn: 'Fentanyl Transdermal Patches', ingredient: 'fentanyl', strength: '4.2 mg (25 µg/h)', form: 'patch', route: 'transdermal', packSize: 5, packUnit: 'box', price: 28600, stock: 10, control: 'narcotic',
    doseUnit: 'application', unitDose: 1, minAgeYears: 2, classes: ['opioid'] }),
  drug('tramadol-sr-100mg', { name: '盐酸曲马多缓释片', nameEn: 'Tramadol Hydrochloride Sustained-Release Tablets', ingredient: 'tramadol', strength: '100 mg', form: 'tablet', route: 'oral', packSize: 10, packUnit: 'box', price: 2680, stock: 25, control: 'psychotropic_2',
    doseUnit: 'mg', unitDose: 100, adultDose: dose(50, 200, 400), minAgeYears: 12, classes: ['opioid'] }),
  drug('diazepam-2.5mg', { name: '地西泮片', nameEn: 'Diazepam Tablets', ingredient: 'diazepam', strength: '2.5 mg', form: 'tablet', route: 'oral', packSize: 20, packUnit: 'box', price: 320, stock: 40, control: 'psychotropic_2',
    doseUnit: 'mg', unitDose: 2.5, adultDose: dose(2.5, 10, 30), classes: ['benzodiazepine'] }),
  drug('alprazolam-0.4mg', { name: '阿普唑仑片', nameEn: 'Alprazolam Tablets', ingredient: 'alprazolam', strength: '0.4 mg', form: 'tablet', route: 'oral', packSize: 20, packUnit: 'box', price: 480, stock: 35, control: 'psychotropic_2',
    doseUnit: 'mg', unitDose: 0.4, adultDose: dose(0.4, 0.8, 4), minAgeYears: 18, classes: ['benzodiazepine'] }),
  drug('estazolam-1mg', { name: '艾司唑仑片', nameEn: 'Estazolam Tablets', ingredient: 'estazolam', strength: '1 mg', form: 'tablet', route: 'oral', packSize: 20, packUnit: 'box', price: 360, stock: 40, control: 'psychotropic_2',
    doseUnit: 'mg', unitDose: 1, adultDose: dose(1, 2, 2), minAgeYears: 18, classes: ['benzodiazepine'] }),
  drug('zolpidem-10mg', { name: '酒石酸唑吡坦片', nameEn: 'Zolpidem Tartrate Tablets', ingredient: 'zolpidem', strength: '10 mg', form: 'tablet', route: 'oral', packSize: 7, packUnit: 'box', price: 2860, stock: 30, control: 'psychotropic_2',
    doseUnit: 'mg', unitDose: 10, adultDose: dose(5, 10, 10), minAgeYears: 18, classes: ['z_drug'] }),
  drug('methylphenidate-er-18mg', { name: '盐酸哌甲酯缓释片', nameEn: 'Methylphenidate Hydrochloride Extended-Release Tablets', ingredient: 'methylphenidate', strength: '18 mg', form: 'tablet', route: 'oral', packSize: 15, packUnit: 'box', price: 19800, stock: 12, control: 'psychotropic_1',
    doseUnit: 'mg', unitDose: 18, adultDose: dose(18, 54, 54), minAgeYears: 6, classes: ['stimulant'] }),
  drug('pseudoephedrine-chlorphenamine-sr', { name: '复方盐酸伪麻黄碱缓释胶囊', nameEn: 'Compound Pseudoephedrine Hydrochloride Sustained-Release Capsules', ingredient: 'pseudoephedrine and chlorphenamine', strength: '90 mg/4 mg', form: 'capsule', route: 'oral', packSize: 10, packUnit: 'box', price: 1780, stock: 60, control: 'precursor',
    doseUnit: 'mg', unitDose: 90, adultDose: dose(90, 90, 180), minAgeYears: 12, classes: ['decongestant', 'antihistamine_h1'] }),
];

const interaction = (a: string, b: string, severity: DrugInteraction['severity'], note: string, noteEn: string): DrugInteraction =>
  ({ a, b, severity, note, noteEn });

/** `a` and `b` name a drug (by id) or a class (as in the drugs' `classes`). */
export const interactions: readonly DrugInteraction[] = [
  interaction(id('warfarin-2.5mg'), 'nsaid', 'major', '出血风险显著增加', 'Markedly increased risk of bleeding'),
  interaction(id('warfarin-2.5mg'), id('aspirin-100mg'), 'major', '出血风险显著增加', 'Markedly increased risk of bleeding'),
  interaction(id('warfarin-2.5mg'), id('clopidogrel-75mg'), 'major', '出血风险显著增加', 'Markedly increased risk of bleeding'),
  interaction(id('warfarin-2.5mg'), 'fluoroquinolone', 'moderate', '可增强华法林抗凝作用，INR 升高，需监测', 'May potentiate warfarin and raise the INR; monitor'),
  interaction(id('warfarin-2.5mg'), id('clarithromycin-250mg'), 'moderate', '可增强华法林抗凝作用，INR 升高，需监测', 'May potentiate warfarin and raise the INR; monitor'),
  interaction(id('aspirin-100mg'), 'nsaid', 'moderate', '布洛芬等可减弱阿司匹林的抗血小板作用，并增加消化道出血风险', 'NSAIDs such as ibuprofen may blunt aspirin’s antiplatelet effect and add to GI bleeding risk'),
  interaction(id('clopidogrel-75mg'), id('omeprazole-20mg'), 'moderate', '奥美拉唑抑制 CYP2C19，减弱氯吡格雷的抗血小板作用', 'Omeprazole inhibits CYP2C19 and reduces the antiplatelet effect of clopidogrel'),
  interaction(id('clopidogrel-75mg'), id('esomeprazole-20mg'), 'moderate', '埃索美拉唑抑制 CYP2C19，减弱氯吡格雷的抗血小板作用', 'Esomeprazole inhibits CYP2C19 and reduces the antiplatelet effect of clopidogrel'),
  interaction(id('simvastatin-20mg'), id('clarithromycin-250mg'), 'major', '克拉霉素抑制 CYP3A4，辛伐他汀血药浓度大幅升高，肌病、横纹肌溶解风险', 'Clarithromycin inhibits CYP3A4 and greatly raises simvastatin levels: myopathy, rhabdomyolysis'),
  interaction(id('atorvastatin-20mg'), id('clarithromycin-250mg'), 'major', '克拉霉素抑制 CYP3A4，阿托伐他汀血药浓度升高，肌病风险增加', 'Clarithromycin inhibits CYP3A4 and raises atorvastatin levels: increased risk of myopathy'),
  interaction(id('colchicine-0.5mg'), id('clarithromycin-250mg'), 'major', '克拉霉素抑制 CYP3A4 及 P-gp，可致秋水仙碱中毒', 'Clarithromycin inhibits CYP3A4 and P-gp: risk of colchicine toxicity'),
  interaction(id('domperidone-10mg'), id('clarithromycin-250mg'), 'major', '多潘立酮血药浓度升高，QT 间期延长、室性心律失常风险', 'Raised domperidone levels: QT prolongation and ventricular arrhythmia'),
  interaction('ssri', 'nsaid', 'moderate', '消化道出血风险增加', 'Increased risk of gastrointestinal bleeding'),
  interaction('ssri', id('tramadol-sr-100mg'), 'major', '5-羟色胺综合征及癫痫发作风险', 'Risk of serotonin syndrome and seizures'),
  interaction('ssri', id('dextromethorphan-15mg'), 'moderate', '5-羟色胺综合征风险', 'Risk of serotonin syndrome'),
  interaction('acei', 'arb', 'moderate', '双重 RAAS 阻断：高钾血症、低血压及肾功能损害风险', 'Dual RAAS blockade: hyperkalaemia, hypotension and renal impairment'),
  interaction('acei', 'potassium_sparing_diuretic', 'moderate', '高钾血症风险，需监测血钾', 'Risk of hyperkalaemia; monitor potassium'),
  interaction('arb', 'potassium_sparing_diuretic', 'moderate', '高钾血症风险，需监测血钾', 'Risk of hyperkalaemia; monitor potassium'),
  interaction('acei', 'potassium_supplement', 'moderate', '高钾血症风险，需监测血钾', 'Risk of hyperkalaemia; monitor potassium'),
  interaction('acei', 'nsaid', 'moderate', '降压作用减弱，肾功能损害风险增加', 'Reduced antihypertensive effect and increased risk of renal impairment'),
  interaction('arb', 'nsaid', 'moderate', '降压作用减弱，肾功能损害风险增加', 'Reduced antihypertensive effect and increased risk of renal impairment'),
  interaction('fluoroquinolone', 'glucocorticoid', 'moderate', '肌腱炎及肌腱断裂风险增加，老年人尤甚', 'Increased risk of tendinitis and tendon rupture, especially in the elderly'),
  interaction('fluoroquinolone', 'sulfonylurea', 'moderate', '血糖紊乱（低血糖或高血糖）风险', 'Risk of dysglycaemia (hypo- or hyperglycaemia)'),
  interaction('benzodiazepine', 'opioid', 'major', '深度镇静、呼吸抑制、昏迷乃至死亡风险', 'Profound sedation, respiratory depression, coma and death'),
  interaction('z_drug', 'opioid', 'major', '深度镇静、呼吸抑制风险', 'Profound sedation and respiratory depression'),
  interaction('gabapentinoid', 'opioid', 'moderate', '呼吸抑制及过度镇静风险增加', 'Increased risk of respiratory depression and sedation'),
  interaction(id('levothyroxine-50ug'), 'calcium', 'moderate', '钙剂减少左甲状腺素吸收，两药应间隔 4 小时服用', 'Calcium reduces levothyroxine absorption; take them 4 hours apart'),
];

const allergy = (group: string, name: string, nameEn: string, reaction: string, reactionEn: string): Allergy => ({ group, name, nameEn, reaction, reactionEn });

/** The demo patients' recorded allergies; patients not listed have none on record. */
export const allergiesByPatient: Readonly<Record<string, readonly Allergy[]>> = {
  [PATIENT.zhangWei]: [allergy('penicillin', '青霉素', 'Penicillin', '皮疹', 'Rash')],
  [PATIENT.zhangXiaoming]: [allergy('cephalosporin', '头孢菌素类', 'Cephalosporins', '荨麻疹', 'Hives')],
  [PATIENT.wangXiuying]: [allergy('sulfonamide', '磺胺类', 'Sulfonamides', '药疹、瘙痒', 'Drug rash, itching')],
  [PATIENT.liNa]: [allergy('nsaid', '非甾体抗炎药（阿司匹林、布洛芬）', 'NSAIDs (aspirin, ibuprofen)', '血管性水肿', 'Angio-oedema'), allergy('macrolide', '大环内酯类', 'Macrolides', '恶心、皮疹', 'Nausea, rash')],
};

const pickup = (key: string, name: string, nameEn: string, address: string, addressEn: string, hours: string): PickupPoint => ({ id: seedId('pickup', key), name, nameEn, address, addressEn, hours });

/** The hospital's own outpatient pharmacy and two partner pharmacies nearby, in its district. */
export const pickupPoints: readonly PickupPoint[] = [
  pickup('outpatient-pharmacy', `${DEMO_HOSPITAL.name}门诊药房`, `${DEMO_HOSPITAL.nameEn} Outpatient Pharmacy`, '城东区健康路 1 号 门诊楼一层西侧', '1 Jiankang Road, Chengdong District; outpatient building, ground floor, west side', '08:00–20:00'),
  pickup('kangning-renmin-rd', '康宁大药房（人民路店）', 'Kangning Pharmacy, Renmin Road', '城东区人民路 128 号', '128 Renmin Road, Chengdong District', '08:30–21:30'),
  pickup('yikang-riverside', '益康大药房（滨江店）', 'Yikang Pharmacy, Riverside', '城东区滨江大道 66 号 滨江花园 3 号楼底商', 'Riverside Garden building 3, 66 Binjiang Avenue, Chengdong District', '00:00–24:00'),
];
