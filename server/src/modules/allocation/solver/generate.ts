/**
 * Seeded city-scale allocation instances for the benchmark and the larger tests.
 *
 * A city of districts → streets → communities; needs sit in communities, each with one daily
 * window (morning, afternoon or evening) on each of 7 days, so a shift is (need, day) and its clash
 * group is the slot (day, window). Each person lives in a community, has a limit of 1–3 shifts and
 * about `candidatesPerPerson` candidate shifts: mostly near home (same community 40%, street 30%,
 * district 20%, elsewhere in the city 10%). Weights follow risk zones (none 1, precaution 2,
 * controlled 4, sealed 8) plus 2 for a weak community and 3 for a key site.
 *
 * Headcount is planted: every person is given `limit` of their candidates (in distinct slots) and
 * each shift's headcount counts those, so every shift can be filled exactly and every person used
 * fully — the tight flavour. The slack flavour then adds 10% more headcount at random shifts,
 * so capacity (headcount) is 110% of what people can give and priority decides what stays open.
 */
import { TIER_SPAN, type AllocationInstance } from './model.js';

export type Flavour = 'slack' | 'tight';

export interface GeneratorOptions {
  people: number;
  shifts: number;
  flavour: Flavour;
  candidatesPerPerson?: number;
  seed?: number;
}

const DAYS = 7;
const WINDOWS = 3;

/** mulberry32: small, fast and good enough to spread instances. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateInstance(o: GeneratorOptions): AllocationInstance {
  const rnd = random(o.seed ?? 1);
  const int = (n: number): number => Math.floor(rnd() * n);
  const perPerson = o.candidatesPerPerson ?? 10;
  const needs = Math.max(1, Math.floor(o.shifts / DAYS));
  const S = needs * DAYS;
  const communities = Math.max(1, Math.floor(needs / 2));
  const streets = Math.max(1, Math.floor(communities / 10));
  const districts = Math.max(1, Math.floor(streets / 10));
  // Community c lies in street c % streets, street t in district t % districts; coordinates in km.
  const streetOf = (c: number): number => c % streets;
  const districtOf = (c: number): number => streetOf(c) % districts;
  const cx = new Float64Array(communities);
  const cy = new Float64Array(communities);
  for (let c = 0; c < communities; c++) {
    const d = districtOf(c);
    const t = streetOf(c);
    // Districts on a ring 15 km out, streets 3 km around their district, communities 0.8 km around their street.
    cx[c] = 15 * Math.cos((2 * Math.PI * d) / districts) + 3 * Math.cos(t) + 0.8 * Math.cos(c);
    cy[c] = 15 * Math.sin((2 * Math.PI * d) / districts) + 3 * Math.sin(t) + 0.8 * Math.sin(c);
  }
  const needCommunity = new Int32Array(needs);
  const needWindow = new Int32Array(needs);
  const needWeight = new Int32Array(needs);
  const needX = new Float64Array(needs);
  const needY = new Float64Array(needs);
  const byCommunity: number[][] = Array.from({ length: communities }, () => []);
  const byStreet: number[][] = Array.from({ length: streets }, () => []);
  const byDistrict: number[][] = Array.from({ length: districts }, () => []);
  const zoneWeight = [1, 2, 4, 8];
  for (let n = 0; n < needs; n++) {
    const c = n < communities ? n : int(communities);
    needCommunity[n] = c;
    needWindow[n] = int(WINDOWS);
    const z = rnd();
    const zone = z < 0.7 ? 0 : z < 0.85 ? 1 : z < 0.95 ? 2 : 3;
    needWeight[n] = zoneWeight[zone]! + (rnd() < 0.2 ? 2 : 0) + (rnd() < 0.1 ? 3 : 0);
    needX[n] = cx[c]! + (rnd() - 0.5) * 0.6;
    needY[n] = cy[c]! + (rnd() - 0.5) * 0.6;
    byCommunity[c]!.push(n);
    byStreet[streetOf(c)]!.push(n);
    byDistrict[districtOf(c)]!.push(n);
  }

  const P = o.people;
  const limit = new Int32Array(P);
  const person = new Int32Array(P * (perPerson + 2));
  const shift = new Int32Array(P * (perPerson + 2));
  const travel = new Int32Array(P * (perPerson + 2));
  const headcount = new Int32Array(S);
  let e = 0;
  const mine: number[] = [];
  const slotTaken = new Int32Array(DAYS * WINDOWS).fill(-1);
  for (let p = 0; p < P; p++) {
    const c = int(communities);
    const px = cx[c]! + (rnd() - 0.5) * 0.6;
    const py = cy[c]! + (rnd() - 0.5) * 0.6;
    const want = Math.max(1, perPerson - 2 + int(5));
    mine.length = 0;
    for (let tries = 0; mine.length < want && tries < 4 * want; tries++) {
      const r = rnd();
      const pool = r < 0.4 ? byCommunity[c]! : r < 0.7 ? byStreet[streetOf(c)]! : r < 0.9 ? byDistrict[districtOf(c)]! : null;
      const n = pool && pool.length > 0 ? pool[int(pool.length)]! : int(needs);
      const s = n * DAYS + int(DAYS);
      if (!mine.includes(s)) mine.push(s);
    }
    // Planted shifts: the first ones in distinct slots, up to the limit.
    limit[p] = 1 + int(3);
    let planted = 0;
    for (const s of mine) {
      const n = Math.floor(s / DAYS);
      const slot = (s % DAYS) * WINDOWS + needWindow[n]!;
      if (planted < limit[p]! && slotTaken[slot] !== p) {
        slotTaken[slot] = p;
        headcount[s]! += 1;
        planted += 1;
      }
      const nc = needCommunity[n]!;
      const tier = nc === c ? 0 : streetOf(nc) === streetOf(c) ? 1 : districtOf(nc) === districtOf(c) ? 2 : 3;
      const km = Math.hypot(needX[n]! - px, needY[n]! - py);
      person[e] = p;
      shift[e] = s;
      travel[e] = tier * TIER_SPAN + Math.min(TIER_SPAN - 1, Math.round(km / 0.5));
      e += 1;
    }
    limit[p] = planted;
  }
  if (o.flavour === 'slack') {
    let total = 0;
    for (let s = 0; s < S; s++) total += headcount[s]!;
    for (let extra = Math.ceil(total * 0.1); extra > 0; extra--) headcount[int(S)]! += 1;
  }
  const weight = new Int32Array(S);
  const clashGroup = new Int32Array(S);
  for (let s = 0; s < S; s++) {
    const n = Math.floor(s / DAYS);
    weight[s] = needWeight[n]!;
    clashGroup[s] = (s % DAYS) * WINDOWS + needWindow[n]!;
  }
  return {
    shiftCount: S,
    headcount,
    weight,
    clashGroup,
    personCount: P,
    limit,
    candidatePerson: person.slice(0, e),
    candidateShift: shift.slice(0, e),
    travel: travel.slice(0, e),
  };
}
