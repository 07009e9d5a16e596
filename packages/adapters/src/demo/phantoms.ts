/**
 * Synthetic pictures for the demo PACS: simple anatomical phantoms built from ellipses, drawn at
 * any size so that frames and thumbnails come from the same drawing. Slices of a series move
 * through the phantom (`t` from 0 to 1), so scrolling through them shows the anatomy change.
 * Nothing here is a real patient's image, nor meant to look diagnostic.
 */

/** Which picture: a chest radiograph, axial abdominal CT (plain or contrast), knee MR planes. */
export type Phantom = 'chest-pa' | 'abdomen-ct' | 'abdomen-ct-contrast' | 'knee-mr-sagittal' | 'knee-mr-coronal';

interface Ellipse {
  cx: number; cy: number; rx: number; ry: number;
  gray: number;
  /** Rotation in radians. */
  angle?: number;
  /** Draw only a band this thick (in units of the radii) at the edge: a ring, a rib, a cortex. */
  ring?: number;
  /** Draw only where this ellipse also holds (ribs inside the lungs). */
  within?: readonly Ellipse[];
}

/** Where (u, v) falls in the ellipse: < 1 inside, 1 on the edge. */
function radius(e: Ellipse, u: number, v: number): number {
  let dx = u - e.cx;
  let dy = v - e.cy;
  if (e.angle) {
    const c = Math.cos(e.angle);
    const s = Math.sin(e.angle);
    [dx, dy] = [dx * c + dy * s, dy * c - dx * s];
  }
  return Math.sqrt((dx / e.rx) ** 2 + (dy / e.ry) ** 2);
}

function covers(e: Ellipse, u: number, v: number): boolean {
  if (e.rx <= 0 || e.ry <= 0) return false;
  const r = radius(e, u, v);
  if (r > 1 || (e.ring !== undefined && r < 1 - e.ring)) return false;
  return !e.within || e.within.some((w) => radius(w, u, v) <= 1);
}

const bump = (t: number) => Math.sin(Math.PI * Math.min(1, Math.max(0, t)));

function chest(): Ellipse[] {
  const lungs: Ellipse[] = [
    { cx: 0.33, cy: 0.5, rx: 0.14, ry: 0.3, gray: 45 },
    { cx: 0.67, cy: 0.5, rx: 0.13, ry: 0.29, gray: 45 },
  ];
  const ribs = Array.from({ length: 8 }, (_, i): Ellipse => ({ cx: 0.5, cy: 0.18 + 0.075 * i, rx: 0.38, ry: 0.1, ring: 0.1, gray: 150, within: lungs }));
  return [
    { cx: 0.5, cy: 0.58, rx: 0.45, ry: 0.5, gray: 115 }, // torso
    ...lungs,
    ...ribs,
    { cx: 0.5, cy: 0.55, rx: 0.028, ry: 0.45, gray: 170 }, // spine
    { cx: 0.5, cy: 0.42, rx: 0.055, ry: 0.2, gray: 150 }, // mediastinum
    { cx: 0.56, cy: 0.63, rx: 0.14, ry: 0.12, gray: 155 }, // heart
    { cx: 0.34, cy: 0.19, rx: 0.16, ry: 0.016, angle: -0.22, gray: 185 }, // clavicles
    { cx: 0.66, cy: 0.19, rx: 0.16, ry: 0.016, angle: 0.22, gray: 185 },
  ];
}

function abdomen(t: number, contrast: boolean): Ellipse[] {
  const c = (plain: number, enhanced: number) => (contrast ? enhanced : plain);
  const kidney = 0.2 + 0.8 * bump(t * 1.3 - 0.15); // kidneys appear in the middle slices
  const upper = Math.max(0, 1 - 1.6 * t); // spleen and stomach fade out downwards
  const loops = Array.from({ length: 5 }, (_, i): Ellipse => {
    const a = i * 1.3 + t * 2.2;
    const r = 0.035 * Math.min(1, 2 * t);
    return { cx: 0.5 + 0.16 * Math.cos(a), cy: 0.42 + 0.1 * Math.sin(a), rx: r, ry: r, gray: 25 };
  });
  return [
    { cx: 0.5, cy: 0.52, rx: 0.44, ry: 0.33, gray: 72 }, // subcutaneous fat
    { cx: 0.5, cy: 0.53, rx: 0.4, ry: 0.29, gray: 104 }, // muscle and viscera
    { cx: 0.33 + 0.03 * t, cy: 0.45, rx: 0.18 - 0.1 * t, ry: 0.16 - 0.08 * t, gray: c(124, 150) }, // liver
    { cx: 0.72, cy: 0.45, rx: 0.07 * upper, ry: 0.1 * upper, gray: c(118, 145) }, // spleen
    { cx: 0.6, cy: 0.36, rx: 0.09 * upper, ry: 0.06 * upper, gray: 40 }, // stomach, air and fluid
    ...loops, // bowel with gas, lower slices
    { cx: 0.36, cy: 0.62, rx: 0.055 * kidney, ry: 0.075 * kidney, gray: c(128, 205) },
    { cx: 0.64, cy: 0.62, rx: 0.055 * kidney, ry: 0.075 * kidney, gray: c(128, 205) },
    { cx: 0.53, cy: 0.585, rx: 0.026, ry: 0.026, gray: c(116, 225) }, // aorta
    { cx: 0.46, cy: 0.565, rx: 0.028, ry: 0.022, gray: c(112, 180) }, // inferior vena cava
    { cx: 0.5, cy: 0.78, rx: 0.05, ry: 0.03, gray: 200 }, // posterior arch
    { cx: 0.5, cy: 0.68, rx: 0.06, ry: 0.055, gray: 215 }, // vertebral body
    { cx: 0.5, cy: 0.755, rx: 0.022, ry: 0.02, gray: 60 }, // spinal canal
  ];
}

function kneeSagittal(t: number): Ellipse[] {
  const condyle = 0.7 + 0.3 * bump(t);
  const ligament = bump((t - 0.3) / 0.4); // the cruciate ligament only near the middle
  return [
    { cx: 0.5, cy: 0.5, rx: 0.32, ry: 0.5, gray: 70 }, // soft tissue
    { cx: 0.47, cy: 0.18, rx: 0.1, ry: 0.32, gray: 50 }, // femoral shaft, fat-suppressed marrow
    { cx: 0.47, cy: 0.18, rx: 0.1, ry: 0.32, gray: 12, ring: 0.12 }, // its cortex
    { cx: 0.47, cy: 0.47, rx: 0.135 * condyle, ry: 0.1, gray: 165 }, // articular cartilage
    { cx: 0.47, cy: 0.465, rx: 0.125 * condyle, ry: 0.09, gray: 50 }, // femoral condyle
    { cx: 0.48, cy: 0.78, rx: 0.15, ry: 0.21, gray: 165 }, // tibial cartilage
    { cx: 0.48, cy: 0.79, rx: 0.14, ry: 0.2, gray: 50 }, // tibia
    { cx: 0.39, cy: 0.575, rx: 0.045, ry: 0.013, gray: 10 }, // menisci
    { cx: 0.57, cy: 0.575, rx: 0.045, ry: 0.013, gray: 10 },
    { cx: 0.49, cy: 0.56, rx: 0.08 * ligament, ry: 0.012 * ligament, angle: 0.9, gray: 20 }, // cruciate ligament
    { cx: 0.67, cy: 0.37, rx: 0.045, ry: 0.08, gray: 170 }, // patellar cartilage
    { cx: 0.68, cy: 0.37, rx: 0.035, ry: 0.075, gray: 52 }, // patella
    { cx: 0.6, cy: 0.3, rx: 0.03, ry: 0.04 + 0.03 * t, gray: 200 }, // a little joint fluid
  ];
}

function kneeCoronal(t: number): Ellipse[] {
  const depth = 0.6 + 0.4 * bump(t);
  return [
    { cx: 0.5, cy: 0.5, rx: 0.36, ry: 0.5, gray: 140 }, // subcutaneous fat, bright on T1
    { cx: 0.5, cy: 0.5, rx: 0.31, ry: 0.5, gray: 62 }, // muscle
    { cx: 0.5, cy: 0.2, rx: 0.11, ry: 0.32, gray: 185 }, // femur, fatty marrow
    { cx: 0.5, cy: 0.2, rx: 0.11, ry: 0.32, gray: 15, ring: 0.1 },
    { cx: 0.4, cy: 0.47, rx: 0.09 * depth, ry: 0.09, gray: 185 }, // condyles
    { cx: 0.6, cy: 0.47, rx: 0.09 * depth, ry: 0.09, gray: 185 },
    { cx: 0.5, cy: 0.78, rx: 0.17, ry: 0.2, gray: 185 }, // tibia
    { cx: 0.5, cy: 0.78, rx: 0.17, ry: 0.2, gray: 15, ring: 0.06 },
    { cx: 0.71, cy: 0.84, rx: 0.03 * Math.min(1, 2 * t), ry: 0.12, gray: 175 }, // fibula, posterior slices
    { cx: 0.36, cy: 0.575, rx: 0.05, ry: 0.012, gray: 10 }, // menisci
    { cx: 0.64, cy: 0.575, rx: 0.05, ry: 0.012, gray: 10 },
  ];
}

function shapes(phantom: Phantom, t: number): Ellipse[] {
  switch (phantom) {
    case 'chest-pa': return chest();
    case 'abdomen-ct': return abdomen(t, false);
    case 'abdomen-ct-contrast': return abdomen(t, true);
    case 'knee-mr-sagittal': return kneeSagittal(t);
    case 'knee-mr-coronal': return kneeCoronal(t);
  }
}

/** A small deterministic grain, as real images have: -4…+4 gray levels. */
function grain(x: number, y: number, seed: number): number {
  let h = Math.imul(x + 1, 0x9e3779b1) ^ Math.imul(y + 1, 0x85ebca77) ^ Math.imul(seed + 1, 0xc2b2ae3d);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return ((h >>> 24) % 9) - 4;
}

/**
 * The phantom at slice position `t` (0 first … 1 last) as `size` × `size` gray levels, top row
 * first. Later shapes paint over earlier ones; the background stays black.
 */
export function drawPhantom(phantom: Phantom, t: number, size: number): Uint8Array {
  const list = shapes(phantom, t);
  const seed = Math.round(t * 1000);
  const pixels = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    const v = (y + 0.5) / size;
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / size;
      let gray = 0;
      for (const e of list) if (covers(e, u, v)) gray = e.gray;
      pixels[y * size + x] = gray === 0 ? 0 : Math.min(255, Math.max(0, gray + grain(x, y, seed)));
    }
  }
  return pixels;
}
