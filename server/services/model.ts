export const SERVICE_ENTRIES = 'service_entries';

export interface ServiceEntryDoc {
  _id: string;
  circle: 'gov' | 'volunteer' | 'life';
  title: string;
  description: string;
  icon: string;
  kind: 'page' | 'phone' | 'info';
  target: string;
  sort: number;
}
