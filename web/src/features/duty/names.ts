import { post, regionLevel, skill, type Post, type RegionLevel, type Skill } from '@meshwork/contracts';
import { useLocale } from '@/lib/locale';

/** What a shift is called: its own title, or its post's label. */
export function useShiftName(): (shift: { post: Post; title: string | null }) => string {
  const locale = useLocale();
  return (shift) => shift.title ?? post.label(shift.post, locale);
}

/** Skills as the views carry them (plain strings), labelled and joined. */
export function useSkillList(): (skills: readonly string[]) => string {
  const locale = useLocale();
  return (skills) => skills.map((s) => (skill.values.includes(s as Skill) ? skill.label(s as Skill, locale) : s)).join('、');
}

/** A region level as the views carry it (a plain string), labelled. */
export function useRegionLevelLabel(): (level: string) => string {
  const locale = useLocale();
  return (level) => (regionLevel.values.includes(level as RegionLevel) ? regionLevel.label(level as RegionLevel, locale) : level);
}
