import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EnrolmentStatus, OrgRateCounts, OrgRates, RegionRateCounts, RegionRates } from '@meshwork/contracts';
import { seedSampleTree, useTestApp, userWith, type Client, type SampleTree } from '../../../test/helpers.js';
import { childPath, nextNodeId } from '../../db/tree.js';
import { enrolment, partyMembership, person, workUnitMembership } from './rates.fixtures.js';

/**
 * Rates as a property: on random small org trees with random members and enrolments, every
 * node's counts equal a count made here from the tree's parent links, and the district's
 * enrolment counts grow by exactly what each run adds. The model never uses paths.
 */

interface PersonPlan {
  party: number | null;
  workUnits: number[];
  enrolment: { status: EnrolmentStatus; org: number | null; community: number; activeDaysAgo: number | null } | null;
}

const plan = fc.integer({ min: 1, max: 7 }).chain((size) =>
  fc.record({
    // Node i > 0 hangs under an earlier node; node 0 is the run's root.
    parents: fc.tuple(...Array.from({ length: size - 1 }, (_, i) => fc.integer({ min: 0, max: i }))),
    people: fc.array(
      fc.record({
        party: fc.option(fc.nat(size - 1)),
        workUnits: fc.uniqueArray(fc.nat(size - 1), { maxLength: 2 }),
        enrolment: fc.option(
          fc.record({
            status: fc.constantFrom<EnrolmentStatus>('pending', 'confirmed', 'rejected', 'withdrawn', 'ended'),
            org: fc.option(fc.nat(size - 1)),
            community: fc.nat(3),
            activeDaysAgo: fc.option(fc.constantFrom(0, 3, 8, 30)),
          }),
        ),
      }),
      { maxLength: 10 },
    ),
  }),
);

describe('rates property: counts equal a direct count over the tree', () => {
  const t = useTestApp();
  let tree: SampleTree;
  let orgAdmin: Client;
  let districtAdmin: Client;
  let top: { id: number; path: string };
  let run = 0;

  beforeAll(async () => {
    tree = await seedSampleTree(t.db);
    top = await org(null, '性质测试');
    orgAdmin = await userWith(t, [{ role: 'org_admin', orgId: top.id }]);
    districtAdmin = await userWith(t, [{ role: 'region_admin', regionId: tree.district }]);
  });

  async function org(parent: { id: number; path: string } | null, name: string): Promise<{ id: number; path: string }> {
    const id = await nextNodeId(t.db.kysely, 'org');
    const path = childPath(parent?.path ?? null, id);
    await t.db.kysely.insertInto('org').values({ id, parent_id: parent?.id ?? null, type: 'branch', name, path }).execute();
    return { id, path };
  }

  async function get<T>(as: Client, url: string): Promise<T> {
    const res = await as.get(url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<T>();
  }

  it('every node of random trees', async () => {
    await fc.assert(
      fc.asyncProperty(plan, async ({ parents, people }) => {
        run++;
        const root = await org(top, `树${run}`);
        const nodes = [root];
        for (const [i, p] of parents.entries()) nodes.push(await org(nodes[p]!, `节点${i + 1}`));
        const parentOf = (i: number): number | null => (i === 0 ? null : parents[i - 1]!);
        const under = (i: number, node: number): boolean => {
          for (let at: number | null = i; at !== null; at = parentOf(at)) if (at === node) return true;
          return false;
        };
        const districtBefore = (await get<RegionRates>(districtAdmin, `/api/rates/regions/${tree.district}`)).node;

        for (const p of people) {
          const id = await person(t.db);
          if (p.party !== null) await partyMembership(t.db, id, nodes[p.party]!.id);
          for (const w of p.workUnits) await workUnitMembership(t.db, id, nodes[w]!.id);
          const e = p.enrolment;
          if (e) {
            await enrolment(t.db, {
              personId: id,
              communityId: tree.communities[e.community]!,
              orgId: e.org === null ? null : nodes[e.org]!.id,
              status: e.status,
              activeDaysAgo: e.activeDaysAgo ?? undefined,
            });
          }
        }

        const active = (p: PersonPlan) => p.enrolment !== null && (p.enrolment.status === 'pending' || p.enrolment.status === 'confirmed');
        const confirmed = (p: PersonPlan) => p.enrolment?.status === 'confirmed';
        const recent = (p: PersonPlan) => confirmed(p) && p.enrolment!.activeDaysAgo !== null && p.enrolment!.activeDaysAgo < 7;
        const expected = (inNode: (i: number) => boolean): Omit<OrgRateCounts, 'enrolledRate' | 'confirmedRate'> => {
          const credited = people.filter((p) => p.enrolment?.org != null && inNode(p.enrolment.org));
          return {
            members: people.filter((p) => (p.party !== null && inNode(p.party)) || p.workUnits.some(inNode)).length,
            enrolled: credited.filter(active).length,
            confirmed: credited.filter(confirmed).length,
            active: credited.filter(recent).length,
          };
        };
        const counts = ({ members, enrolled, confirmed, active }: OrgRateCounts) => ({ members, enrolled, confirmed, active });

        for (const [i, node] of nodes.entries()) {
          const rates = await get<OrgRates>(orgAdmin, `/api/rates/orgs/${node.id}`);
          expect(counts(rates.node)).toEqual(expected((j) => under(j, i)));
          expect(counts(rates.own)).toEqual(expected((j) => j === i));
          const children = nodes.map((_, j) => j).filter((j) => parentOf(j) === i);
          expect(rates.children.map((c) => c.id).sort()).toEqual(children.map((j) => nodes[j]!.id).sort());
          for (const c of rates.children) {
            const j = nodes.findIndex((n) => n.id === c.id);
            expect(counts(c)).toEqual(expected((k) => under(k, j)));
          }
        }

        // Enrolments without an org credit only the community: the region tree counts them all.
        const district = (await get<RegionRates>(districtAdmin, `/api/rates/regions/${tree.district}`)).node;
        const delta = (key: keyof RegionRateCounts) => Number(district[key]) - Number(districtBefore[key]);
        expect({ enrolled: delta('enrolled'), confirmed: delta('confirmed'), active: delta('active') }).toEqual({
          enrolled: people.filter(active).length,
          confirmed: people.filter(confirmed).length,
          active: people.filter(recent).length,
        });
      }),
      { numRuns: 15 },
    );
    // Each run writes a tree and its rows through the database: minutes, not seconds, on a loaded machine.
  }, 180_000);
});
