import type { Kysely } from 'kysely';
import {
  orgStatus,
  orgType,
  rate,
  rateDefinitions,
  regionLevel,
  type OrgRateCounts,
  type OrgRateRow,
  type OrgRates,
  type RateRoots,
  type RegionRateCounts,
  type RegionRateRow,
  type RegionRates,
} from '@meshwork/contracts';
import type { DB } from '../../db/schema.js';
import { scopeRootIds } from '../../db/tree.js';
import { covers, type Actor, type Scope } from '../../platform/access.js';
import { audit } from '../../platform/audit.js';
import { signedIn, type RequestContext } from '../../platform/context.js';
import { forbidden, notFound } from '../../platform/errors.js';
import { writeLedger, type LedgerColumn } from '../../platform/excel.js';
import type { Counts, RollUp } from '../../platform/rollup.js';
import { EnrolmentCounts } from '../enrolment/enrolment.counts.js';
import { PairingCounts } from '../pairing/pairing.counts.js';
import { PeopleCounts } from '../people/people.counts.js';
import { RatesRepository, type OrgPlace, type RegionPlace } from './rates.repository.js';
import { chinaDate } from '../../platform/china-time.js';

/**
 * Rates (报到情况): members, enrolments and pairings counted for a node of either tree, its own
 * rows and each child's, for an org admin in its org scope or a region admin in its region
 * scope. The counts come from each owning module's `<m>.counts.ts`; this module only places
 * them in the tree and checks the scope.
 */
export class RatesService {
  private readonly repo: RatesRepository;
  private readonly people: PeopleCounts;
  private readonly enrolments: EnrolmentCounts;
  private readonly pairings: PairingCounts;

  constructor(private readonly db: Kysely<DB>) {
    this.repo = new RatesRepository(db);
    this.people = new PeopleCounts(db);
    this.enrolments = new EnrolmentCounts(db);
    this.pairings = new PairingCounts(db);
  }

  /** Where the actor's rates start in each tree: the UI's default nodes and its tabs. */
  async roots(ctx: RequestContext): Promise<RateRoots> {
    const { actor } = signedIn(ctx);
    actor.require('rate.read');
    const rootsOf = (table: 'org' | 'region', scope: Scope) => this.repo.named(table, scope.all ? null : scopeRootIds(scope));
    const [orgs, regions] = await Promise.all([rootsOf('org', actor.orgScope('rate.read')), rootsOf('region', actor.regionScope('rate.read'))]);
    return { orgs, regions };
  }

  async org(ctx: RequestContext, id: number): Promise<OrgRates> {
    return this.rollUp(ctx, this.orgTree, id, async (path) => {
      const [members, enrolments] = await Promise.all([this.people.membersUnder(path), this.enrolments.underOrg(path)]);
      return (pick): OrgRateCounts => {
        const m = pick(members);
        const e = pick(enrolments);
        return { ...m, ...e, enrolledRate: rate(e.enrolled, m.members), confirmedRate: rate(e.confirmed, m.members) };
      };
    });
  }

  async region(ctx: RequestContext, id: number): Promise<RegionRates> {
    return this.rollUp(ctx, this.regionTree, id, async (path) => {
      const [enrolments, pairings] = await Promise.all([this.enrolments.underRegion(path), this.pairings.underRegion(path)]);
      return (pick): RegionRateCounts => {
        const e = pick(enrolments);
        return { ...e, ...pick(pairings), confirmedRate: rate(e.confirmed, e.enrolled) };
      };
    });
  }

  private readonly orgTree: Tree<OrgPlace> = {
    table: 'org',
    what: '组织',
    find: (id) => this.repo.org(id),
    children: (id) => this.repo.orgChildren(id),
    scope: (actor) => actor.orgScope('rate.read'),
  };

  private readonly regionTree: Tree<RegionPlace> = {
    table: 'region',
    what: '属地',
    find: (id) => this.repo.region(id),
    children: (id) => this.repo.regionChildren(id),
    scope: (actor) => actor.regionScope('rate.read'),
  };

  /**
   * A node in the actor's scope with its counts: `count` reads the roll-ups under a path once and
   * answers, for a pick (the total, the node's own rows, one child's), that group's counts.
   */
  private async rollUp<P extends Place, C>(
    ctx: RequestContext,
    tree: Tree<P>,
    id: number,
    count: (path: string) => Promise<(pick: Pick) => C>,
  ): Promise<{ node: Omit<P, 'path'> & C; trail: Array<{ id: number; name: string }>; own: C; children: Array<Omit<P, 'path'> & C> }> {
    const { actor } = signedIn(ctx);
    actor.require('rate.read');
    const node = await tree.find(id);
    if (!node) throw notFound(tree.what);
    const scope = tree.scope(actor);
    if (!covers(scope, node.path)) throw forbidden(`该${tree.what}不在您的管辖范围内`);
    const [children, ancestors, counts] = await Promise.all([tree.children(id), this.repo.ancestors(tree.table, node.path), count(node.path)]);
    const row = ({ path: _path, ...place }: P, pick: Pick) => ({ ...place, ...counts(pick) });
    return {
      node: row(node, (r) => r.total),
      // From the topmost ancestor in the actor's scope down to the node: the breadcrumb's way back up.
      trail: [...ancestors.filter((a) => covers(scope, a.path)), node].map(({ id, name }) => ({ id, name })),
      own: counts((r) => r.own),
      children: children.map((c) => row(c, (r) => r.children.get(c.path) ?? zero(r))),
    };
  }

  // ---- 报到情况台账: the node, its own rows and its children, one sheet per tree ----

  async exportOrg(ctx: RequestContext, id: number): Promise<{ file: Buffer; name: string }> {
    return this.ledger<OrgRateRow, OrgRateCounts>(ctx, 'org', await this.org(ctx, id), {
      sheet: '组织报到情况',
      definitions: rateDefinitions.org,
      headers: ['组织', '类型'],
      kind: (o) => orgType.label(o.type),
      name: (o) => (o.status === 'active' ? o.name : `${o.name}（${orgStatus.label(o.status)}）`),
      columns: orgColumns,
    });
  }

  async exportRegion(ctx: RequestContext, id: number): Promise<{ file: Buffer; name: string }> {
    return this.ledger<RegionRateRow, RegionRateCounts>(ctx, 'region', await this.region(ctx, id), {
      sheet: '属地报到情况',
      definitions: rateDefinitions.region,
      headers: ['属地', '层级'],
      kind: (r) => regionLevel.label(r.level),
      name: (r) => r.name,
      columns: regionColumns,
    });
  }

  /** The node's total and own rows, then a row per child; the definitions in the title line. */
  private async ledger<R extends { id: number; name: string }, C>(
    ctx: RequestContext,
    entity: 'org' | 'region',
    rates: { node: R & C; own: C; children: Array<R & C> },
    sheet: { sheet: string; definitions: string; headers: [string, string]; kind: (row: R) => string; name: (row: R) => string; columns: Array<CountColumn<C>> },
  ): Promise<{ file: Buffer; name: string }> {
    const { node } = rates;
    const line = (name: string, kind: string, counts: C) => [name, kind, ...sheet.columns.map((c) => c.value(counts))];
    const file = await writeLedger([
      {
        name: sheet.sheet,
        title: `${node.name} 报到情况台账（${today()}）。${sheet.definitions}`,
        columns: [{ header: sheet.headers[0], width: 30 }, { header: sheet.headers[1], width: 14 }, ...sheet.columns],
        rows: [
          line(`${node.name}（合计）`, sheet.kind(node), node),
          line(`${node.name}（本级）`, sheet.kind(node), rates.own),
          ...rates.children.map((c) => line(sheet.name(c), sheet.kind(c), c)),
        ],
      },
    ]);
    await audit(this.db, ctx, { action: 'rate.export', entity, entityId: node.id, detail: `${rates.children.length} children` });
    return { file, name: `${node.name}-报到情况台账.xlsx` };
  }
}

interface Place {
  id: number;
  name: string;
  path: string;
}

/** Where a tree's nodes come from, and which of the actor's scopes covers them. */
interface Tree<P extends Place> {
  table: 'org' | 'region';
  what: string;
  find(id: number): Promise<P | undefined>;
  children(id: number): Promise<P[]>;
  scope(actor: Actor): Scope;
}

/** One group of a roll-up: its total, the node's own rows, or one child's. */
type Pick = <K extends string>(r: RollUp<K>) => Counts<K>;

const zero = <K extends string>(r: RollUp<K>): Counts<K> => Object.fromEntries(Object.keys(r.total).map((k) => [k, 0])) as Counts<K>;

function percent(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(1)}%`;
}

function today(): string {
  return chinaDate(new Date());
}

/** A ledger column of counts: its header and how a row's counts fill it. */
interface CountColumn<C> extends LedgerColumn {
  value(counts: C): string | number;
}

const count = <C>(header: string, value: (c: C) => number | null, asRate = false): CountColumn<C> => ({
  header,
  width: asRate ? 10 : 12,
  value: (c) => (asRate ? percent(value(c)) : (value(c) ?? 0)),
});

const orgColumns: Array<CountColumn<OrgRateCounts>> = [
  count('成员数', (c) => c.members),
  count('已报到', (c) => c.enrolled),
  count('已确认', (c) => c.confirmed),
  count('近7天活跃', (c) => c.active),
  count('报到率', (c) => c.enrolledRate, true),
  count('确认率', (c) => c.confirmedRate, true),
];

const regionColumns: Array<CountColumn<RegionRateCounts>> = [
  count('已报到党员', (c) => c.enrolled),
  count('已确认', (c) => c.confirmed),
  count('近7天活跃', (c) => c.active),
  count('确认率', (c) => c.confirmedRate, true),
  count('已报到单位', (c) => c.pairedUnits),
  count('待确认结对', (c) => c.pendingPairings),
];
