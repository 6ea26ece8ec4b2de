/**
 * Starting shift prices for the exact solve (ssp.ts): a forward auction (Bertsekas) in which people
 * bid for shifts with values (w_s, −t_ps) − price_s, pairs compared lexicographically like the
 * costs. A person with free places bids for their best shift (at most one per clash group) and
 * raises its price to where their second-best option (or staying free, worth 0) would be only ε
 * worse; a full shift's price is its lowest standing bid, and a new bid there displaces that bidder.
 *
 * Why: the exact solve starts from everyone's best choice at given prices and repairs overfull and
 * underfull shifts one unit at a time, each with a shortest-path search. At zero prices about half
 * the places are overfull; at these prices only the places where ε-slack mattered are. The auction
 * needs no exactness (any non-negative prices are a valid start), so ε is coarse and it stops after
 * a bounded number of bids.
 */
import { candidatesByPerson, type AllocationInstance } from './model.js';

/** Bid increment in travel units: coarser is faster, finer leaves less to repair. */
const EPSILON = 4;
/** Bids per person before the auction gives up and leaves the rest to the exact solve. */
const BIDS_PER_PERSON = 100;

/** Shift prices (price1 in weight units, price2 in travel units), each lexicographically ≥ (0, 0). */
export function auctionPrices(x: AllocationInstance): { price1: Float64Array; price2: Float64Array; bids: number } {
  const S = x.shiftCount;
  const P = x.personCount;
  const { start, order } = candidatesByPerson(x);
  // Standing bids per shift: a min-heap (by bid pair) in the shift's segment of the slot arrays.
  const slotStart = new Int32Array(S + 1);
  for (let s = 0; s < S; s++) slotStart[s + 1] = slotStart[s]! + x.headcount[s]!;
  const slots = slotStart[S]!;
  const slotPerson = new Int32Array(slots);
  const slotBid1 = new Float64Array(slots);
  const slotBid2 = new Float64Array(slots);
  const filled = new Int32Array(S);
  const price1 = new Float64Array(S);
  const price2 = new Float64Array(S);
  // Shifts held per person, at most three (the limit); a person's limit beyond 3 only matters to the exact solve.
  const held = new Int32Array(P * 4).fill(-1);
  const heldCount = new Int32Array(P);

  const lessSlot = (i: number, j: number): boolean => slotBid1[i]! < slotBid1[j]! || (slotBid1[i] === slotBid1[j] && slotBid2[i]! < slotBid2[j]!);
  const swap = (i: number, j: number): void => {
    const p = slotPerson[i]!;
    const b1 = slotBid1[i]!;
    const b2 = slotBid2[i]!;
    slotPerson[i] = slotPerson[j]!;
    slotBid1[i] = slotBid1[j]!;
    slotBid2[i] = slotBid2[j]!;
    slotPerson[j] = p;
    slotBid1[j] = b1;
    slotBid2[j] = b2;
  };
  const siftDown = (base: number, size: number, i: number): void => {
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) return;
      if (c + 1 < size && lessSlot(base + c + 1, base + c)) c += 1;
      if (!lessSlot(base + c, base + i)) return;
      swap(base + i, base + c);
      i = c;
    }
  };
  const siftUp = (base: number, i: number): void => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!lessSlot(base + i, base + parent)) return;
      swap(base + i, base + parent);
      i = parent;
    }
  };

  const queue = new Int32Array(P + 1);
  const queued = new Uint8Array(P);
  let qHead = 0;
  let qLen = 0;
  const push = (p: number): void => {
    if (queued[p] === 1) return;
    queued[p] = 1;
    queue[(qHead + qLen++) % queue.length] = p;
  };
  const budget = BIDS_PER_PERSON * P;
  let bids = 0;
  for (let p = 0; p < P; p++) if (x.limit[p]! > 0 && start[p + 1]! > start[p]!) push(p);
  while (qLen > 0 && bids < budget) {
    const p = queue[qHead]!;
    qHead = (qHead + 1) % queue.length;
    qLen -= 1;
    queued[p] = 0;
    const limit = Math.min(x.limit[p]!, 3);
    while (heldCount[p]! < limit) {
      // Best and second-best option among shifts in clash groups p does not hold yet.
      let k1 = -1;
      let v11 = 0;
      let v12 = 0;
      let v21 = 0;
      let v22 = 0;
      for (let i = start[p]!; i < start[p + 1]!; i++) {
        const k = order[i]!;
        const s = x.candidateShift[k]!;
        if (x.headcount[s] === 0) continue;
        const g = x.clashGroup[s]!;
        let clash = false;
        for (let j = 0; j < heldCount[p]!; j++) if (x.clashGroup[held[4 * p + j]!] === g) clash = true;
        if (clash) continue;
        const a1 = x.weight[s]! - price1[s]!;
        const a2 = -x.travel[k]! - price2[s]!;
        if (k1 < 0 || a1 > v11 || (a1 === v11 && a2 > v12)) {
          if (k1 >= 0 && (v11 > v21 || (v11 === v21 && v12 > v22))) {
            v21 = v11;
            v22 = v12;
          }
          k1 = k;
          v11 = a1;
          v12 = a2;
        } else if (a1 > v21 || (a1 === v21 && a2 > v22)) {
          v21 = a1;
          v22 = a2;
        }
      }
      // Staying free is worth (0, 0): the second-best value above starts there.
      if (k1 < 0 || v11 < 0 || (v11 === 0 && v12 <= 0)) break;
      const s = x.candidateShift[k1]!;
      // Raise to where the second-best is ε worse, but never past the value itself: a holder
      // must keep a non-negative value, or the exact solve would start by dropping the shift.
      let raise1 = v11 - v21;
      let raise2 = v12 - v22 + EPSILON;
      if (raise1 > v11 || (raise1 === v11 && raise2 > v12)) {
        raise1 = v11;
        raise2 = v12;
      }
      const bid1 = price1[s]! + raise1;
      const bid2 = price2[s]! + raise2;
      bids += 1;
      const base = slotStart[s]!;
      const size = x.headcount[s]!;
      if (filled[s]! < size) {
        const i = filled[s]!++;
        slotPerson[base + i] = p;
        slotBid1[base + i] = bid1;
        slotBid2[base + i] = bid2;
        siftUp(base, i);
      } else {
        const out = slotPerson[base]!;
        slotPerson[base] = p;
        slotBid1[base] = bid1;
        slotBid2[base] = bid2;
        siftDown(base, size, 0);
        const c = heldCount[out]!;
        for (let j = 0; j < c; j++) {
          if (held[4 * out + j] === s) {
            held[4 * out + j] = held[4 * out + c - 1]!;
            heldCount[out] = c - 1;
            break;
          }
        }
        push(out);
      }
      if (filled[s] === size) {
        price1[s] = slotBid1[base]!;
        price2[s] = slotBid2[base]!;
      }
      held[4 * p + heldCount[p]!] = s;
      heldCount[p]! += 1;
    }
  }
  // A shift without headcount is priced above anyone's value, so that nobody starts on it.
  for (let s = 0; s < S; s++) if (x.headcount[s] === 0) price1[s] = x.weight[s]! + 1;
  return { price1, price2, bids };
}
