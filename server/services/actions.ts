import { defineAction } from '../core/action';
import { collection, findMany } from '../core/db';
import { SERVICE_ENTRIES, type ServiceEntryDoc } from './model';

const CIRCLES = [
  { circle: 'gov', title: '政务圈' },
  { circle: 'volunteer', title: '志愿圈' },
  { circle: 'life', title: '生活圈' },
] as const;

const catalog = defineAction({
  name: 'services.catalog',
  access: 'registered',
  mutates: false,
  async handler() {
    const entries = await findMany<ServiceEntryDoc>(collection(SERVICE_ENTRIES).orderBy('circle', 'asc').orderBy('sort', 'asc').limit(100));
    return {
      circles: CIRCLES.map(({ circle, title }) => ({
        circle,
        title,
        entries: entries
          .filter((e) => e.circle === circle)
          .map((e) => ({
            id: e._id,
            circle: e.circle,
            title: e.title,
            description: e.description,
            icon: e.icon,
            kind: e.kind,
            target: e.target,
          })),
      })),
    };
  },
});

export const servicesActions = [catalog];
