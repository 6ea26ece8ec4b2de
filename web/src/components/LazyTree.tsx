import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useQueries, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { Spin, Tree, Typography, type TreeDataNode as DataNode } from 'antd';
import { useTranslation } from 'react-i18next';
import { showError } from '@/lib/feedback';

export interface TreeItem {
  id: number;
  childCount: number;
}

export interface ChildPage<T> {
  items: T[];
  total: number;
}

export interface LazyTreeProps<T extends TreeItem> {
  roots: readonly T[];
  /** Cache key of a node's children; invalidating it (or a prefix) refreshes that part of the tree. */
  childrenKey: (id: number) => QueryKey;
  fetchChildren: (id: number, page: { limit: number; offset: number }, signal: AbortSignal) => Promise<ChildPage<T>>;
  renderTitle: (node: T) => ReactNode;
  selectedId?: number;
  onSelect: (node: T) => void;
  /** Nodes to open so that the selected one shows, such as its ancestors. */
  reveal?: readonly number[];
  pageSize?: number;
  'data-testid'?: string;
}

/** What to open for a selected node: its ancestors, and itself when it has children to show. */
export const revealPath = (ancestors: readonly { id: number }[], node: TreeItem) => [
  ...ancestors.map((a) => a.id),
  ...(node.childCount > 0 ? [node.id] : []),
];

type PseudoKey = `more:${number}` | `loading:${number}` | `error:${number}`;

/**
 * A tree whose open nodes each own a cached children query. Children are not copied into local
 * state, so invalidating the feature's queries after a change redraws every open branch, and a
 * branch with more children than a page offers a "load more" row instead of fetching thousands.
 */
export function LazyTree<T extends TreeItem>({
  roots,
  childrenKey,
  fetchChildren,
  renderTitle,
  selectedId,
  onSelect,
  reveal,
  pageSize = 200,
  'data-testid': testId,
}: LazyTreeProps<T>) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const container = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState<number[]>([]);
  // How many children each open node shows; grows by a page with each "load more".
  const [wanted, setWanted] = useState<Record<number, number>>({});

  const revealKey = reveal?.join(',') ?? '';
  useEffect(() => {
    if (!revealKey) return;
    const ids = revealKey.split(',').map(Number);
    setExpanded((open) => (ids.every((id) => open.includes(id)) ? open : [...new Set([...open, ...ids])]));
  }, [revealKey]);

  const loadAll = async (id: number, want: number, signal: AbortSignal): Promise<ChildPage<T>> => {
    const items: T[] = [];
    let total = Infinity;
    while (items.length < Math.min(want, total)) {
      const page = await fetchChildren(id, { limit: Math.min(pageSize, want - items.length), offset: items.length }, signal);
      items.push(...page.items);
      total = page.total;
      if (page.items.length === 0) break;
    }
    return { items, total: Number.isFinite(total) ? total : items.length };
  };

  const results = useQueries({
    queries: expanded.map((id) => ({
      queryKey: childrenKey(id),
      queryFn: ({ signal }: { signal: AbortSignal }) => loadAll(id, wanted[id] ?? pageSize, signal),
      // A failed branch says so in the tree itself.
      meta: { handlesErrors: true },
    })),
  });

  const loadMore = async (id: number) => {
    const current = queryClient.getQueryData<ChildPage<T>>(childrenKey(id));
    if (!current) return;
    const page = await fetchChildren(id, { limit: pageSize, offset: current.items.length }, new AbortController().signal);
    setWanted((w) => ({ ...w, [id]: current.items.length + page.items.length }));
    queryClient.setQueryData<ChildPage<T>>(childrenKey(id), (old) => ({
      items: [...(old?.items ?? []), ...page.items],
      total: page.total,
    }));
  };

  // Rebuilt on every render: cheap next to drawing the rows, and never stale.
  const nodes = new Map<number, T>();
  const resultOf = new Map(expanded.map((id, i) => [id, results[i]]));
  const pseudo = (key: PseudoKey, title: ReactNode, selectable = false): DataNode => ({ key, title, isLeaf: true, selectable });
  const build = (node: T): DataNode => {
    nodes.set(node.id, node);
    const result = resultOf.get(node.id);
    const page = result?.data;
    let children: DataNode[] | undefined;
    if (page) {
      children = page.items.map(build);
      if (page.items.length < page.total) {
        children.push(
          pseudo(`more:${node.id}`, <Typography.Link>{t('tree.loadMore', { shown: page.items.length, total: page.total })}</Typography.Link>, true),
        );
      }
    } else if (result?.isError) {
      children = [pseudo(`error:${node.id}`, <Typography.Text type="danger">{t('tree.loadFailed')}</Typography.Text>)];
    } else if (result) {
      children = [pseudo(`loading:${node.id}`, <Spin size="small" />)];
    }
    return { key: node.id, title: renderTitle(node), isLeaf: node.childCount === 0 && !page?.items.length, children };
  };
  const treeData = roots.map(build);

  const selectedShown = selectedId !== undefined && nodes.has(selectedId);
  useEffect(() => {
    if (selectedShown) container.current?.querySelector('.ant-tree-treenode-selected')?.scrollIntoView({ block: 'nearest' });
  }, [selectedId, selectedShown]);

  return (
    <div ref={container} data-testid={testId} className="lazy-tree">
      <Tree<DataNode>
        blockNode
        treeData={treeData}
        expandedKeys={expanded}
        selectedKeys={selectedId === undefined ? [] : [selectedId]}
        onExpand={(keys) => setExpanded(keys.filter((k): k is number => typeof k === 'number'))}
        onSelect={(_, { node }) => {
          const key = node.key;
          if (typeof key === 'string') {
            if (key.startsWith('more:')) loadMore(Number(key.slice('more:'.length))).catch(showError);
            return;
          }
          const item = nodes.get(Number(key));
          if (!item) return;
          // Opening on select saves a second tap on a phone, where the switcher is small.
          if (item.childCount > 0 && !expanded.includes(item.id)) setExpanded((open) => [...open, item.id]);
          onSelect(item);
        }}
      />
    </div>
  );
}
