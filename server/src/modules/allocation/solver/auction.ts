/**
 * Starting shift prices for the exact solve (ssp.ts): a forward auction (Bertsekas) in which people
 * bid for shifts with values (w_s, −t_ps) − price_s, pairs compared lexicographically like the
 * costs. A person with free places bids for their best shift (at most one per clash group) and
 * raises its price to where their second-best option (or staying free, worth 0) would be only ε
 * worse; a full shift's price is its lowest standing bid, and a new bid there displaces that bidder.
 *
 * Why: the exact solve starts from everyone's best choice at given prices and repairs overfull and
 * short shifts one unit at a time, each with a shortest-path search. At zero prices about half the
 * places start overfull, and the searches wander far to place them; at these prices fewer (a
 * third at 100k people, mostly where the ε-slack mattered) and their repairs are short. The
 * auction needs no exactness (any non-negative prices are a valid start), so ε is coarse.
 */
import { candidatesByPerson, type AllocationInstance, type ShiftPrices } from './model.js';

/** Bid increment in travel units: coarser is faster, finer leaves less to repair. */
const EPSILON = 4;
/**
 * Bids per person before the auction gives up: a safety cap, above the 12–150 per person that
 * generated instances of 10k–100k people need to finish.
 */
const BIDS_PER_PERSON = 200;
/**
 * A bidding war: the number of people still bidding has not fallen by 1% over this many rounds
 * (a round is one bid per person). Bids raise only the travel part of a price while a person's
 * two best shifts are worth the same coverage, so people competing for more places of one
 * coverage level than there are can outbid each other for ever. Measured: such wars hold the
 * bidders at a plateau from about round 20 on (district instances: 2,000 people × 2,100 shifts
 * with 20 candidates each, 60% of the people), while finishing auctions leave their plateaus
 * within 16 rounds (30k people, 15 candidates each: 21 → 36, then down to none by round 132).
 */
const WAR_ROUNDS = 32;

/**
 * Shift prices, each lexicographically ≥ (0, 0); `settled` is false when the auction gave up (a
 * war, or the cap), and the prices are then too rough to start from.
 */
export function auctionPrices(x: AllocationInstance): ShiftPrices & { bids: number; settled: boolean } {
  const S = x.shiftCount;
  const P = x.personCount;
  const { headcount, weight, clashGroup } = x;
  const { start: byPerson, order } = candidatesByPerson(x);
  // Options in person order, so that a bid reads them contiguously (the scan over them is most of
  // the auction's time); shifts without headcount are no option.
  const start = new Int32Array(P + 1);
  const optionShift = new Int32Array(order.length);
  const optionTravel = new Int32Array(order.length);
  const optionGroup = new Int32Array(order.length);
  for (let p = 0, o = 0; p < P; p++) {
    for (let i = byPerson[p]!; i < byPerson[p + 1]!; i++) {
      const k = order[i]!;
      const s = x.candidateShift[k]!;
      if (headcount[s] === 0) continue;
      optionShift[o] = s;
      optionTravel[o] = x.travel[k]!;
      optionGroup[o++] = clashGroup[s]!;
    }
    start[p + 1] = o;
  }
  // Value of a shift before travel, w − price1, kept with the price.
  const value1 = Float64Array.from(weight);
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
  // Shifts held by person p: held[heldStart[p] …], at most min(limit, candidates) of them.
  const heldStart = new Int32Array(P + 1);
  for (let p = 0; p < P; p++) heldStart[p + 1] = heldStart[p]! + Math.min(x.limit[p]!, start[p + 1]! - start[p]!);
  const held = new Int32Array(heldStart[P]!);
  const heldGroup = new Int32Array(heldStart[P]!);
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
  // War watch: bidders left at each round's end, against the mark last beaten by 1%.
  let nextRound = P;
  let round = 0;
  let mark = qLen;
  let markRound = 0;
  let war = false;
  while (qLen > 0 && bids < budget && !war) {
    if (bids >= nextRound) {
      nextRound += P;
      round += 1;
      if (qLen < 0.99 * mark) {
        mark = qLen;
        markRound = round;
      } else if (round - markRound >= WAR_ROUNDS) war = true;
    }
    const p = queue[qHead]!;
    qHead = (qHead + 1) % queue.length;
    qLen -= 1;
    queued[p] = 0;
    const mine = heldStart[p]!;
    const limit = heldStart[p + 1]! - mine;
    while (heldCount[p]! < limit) {
      // Best and second-best option among shifts in clash groups p does not hold yet.
      let i1 = -1;
      let v11 = 0;
      let v12 = 0;
      let v21 = 0;
      let v22 = 0;
      for (let i = start[p]!; i < start[p + 1]!; i++) {
        const s = optionShift[i]!;
        const g = optionGroup[i]!;
        let clash = false;
        for (let j = mine, end = mine + heldCount[p]!; j < end; j++) if (heldGroup[j] === g) clash = true;
        if (clash) continue;
        const a1 = value1[s]!;
        const a2 = -optionTravel[i]! - price2[s]!;
        if (i1 < 0 || a1 > v11 || (a1 === v11 && a2 > v12)) {
          if (i1 >= 0 && (v11 > v21 || (v11 === v21 && v12 > v22))) {
            v21 = v11;
            v22 = v12;
          }
          i1 = i;
          v11 = a1;
          v12 = a2;
        } else if (a1 > v21 || (a1 === v21 && a2 > v22)) {
          v21 = a1;
          v22 = a2;
        }
      }
      // Staying free is worth (0, 0): the second-best value above starts there.
      if (i1 < 0 || v11 < 0 || (v11 === 0 && v12 <= 0)) break;
      const s = optionShift[i1]!;
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
        const theirs = heldStart[out]!;
        for (let j = 0; j < c; j++) {
          if (held[theirs + j] === s) {
            held[theirs + j] = held[theirs + c - 1]!;
            heldGroup[theirs + j] = heldGroup[theirs + c - 1]!;
            heldCount[out] = c - 1;
            break;
          }
        }
        push(out);
      }
      if (filled[s] === size) {
        price1[s] = slotBid1[base]!;
        price2[s] = slotBid2[base]!;
        value1[s] = weight[s]! - price1[s]!;
      }
      heldGroup[mine + heldCount[p]!] = clashGroup[s]!;
      held[mine + heldCount[p]!] = s;
      heldCount[p]! += 1;
    }
  }
  for (let s = 0; s < S; s++) {
    if (x.headcount[s] === 0) {
      // Priced above anyone's value, so that nobody starts on a shift without headcount.
      price1[s] = x.weight[s]! + 1;
    } else if (filled[s] === x.headcount[s]) {
      // Each bid leaves its bidder ε below their alternative, so at the final prices the lowest
      // bidders would rather move; ε off a full shift's price keeps more of them (at 100k people
      // a third fewer repairs and half the search time).
      price2[s]! -= EPSILON;
      if (price1[s] === 0 && price2[s]! < 0) price2[s] = 0;
    }
  }
  return { price1, price2, bids, settled: qLen === 0 };
}
