import { useTranslation } from 'react-i18next';
import { durationText, type OrderCategory } from '../../../shared/orders';
import { ResourcePage, type ResourceSpec } from '../../components/ResourcePage';
import { squadTypes } from '../../../../src/modules/organisations/squad-types';
import { useCan } from '../organisations/kit';

/** 服务类别: what residents can ask for, which kind of squad serves it, and its two clocks. */

const typeOptions = squadTypes.map((k) => ({ value: k, label: `orgs.squads.types.${k}` }));

export default function OrderCategoriesPage() {
  const { t } = useTranslation();
  const canManage = useCan('orders.manage');
  const spec: ResourceSpec<OrderCategory> = {
    title: 'menu.orderCategories',
    list: (c) => `/communities/${c}/order-categories`,
    create: canManage ? (c) => `/communities/${c}/order-categories` : undefined,
    update: canManage ? (c, row) => `/communities/${c}/order-categories/${row.id}` : undefined,
    archive: canManage ? (c, row) => `/communities/${c}/order-categories/${row.id}/archive` : undefined,
    exportable: false,
    defaults: { acceptMinutes: 60, resolveMinutes: 1440 },
    errorFields: { order_category_clocks: 'resolveMinutes', order_category_code_taken: 'code' },
    fields: [
      { key: 'nameZh', label: 'orders.category.nameZh', required: true },
      { key: 'nameEn', label: 'orders.category.nameEn', required: true },
      {
        key: 'code',
        label: 'orders.category.code',
        required: true,
        form: 'create',
        hint: 'orders.category.codeHint',
      },
      {
        key: 'squadType',
        label: 'orders.category.squadType',
        type: 'select',
        options: typeOptions,
        required: true,
      },
      {
        key: 'acceptMinutes',
        label: 'orders.category.acceptMinutes',
        type: 'number',
        required: true,
        hint: 'orders.category.minutesHint',
        render: (row) => durationText(row.acceptMinutes, t),
      },
      {
        key: 'resolveMinutes',
        label: 'orders.category.resolveMinutes',
        type: 'number',
        required: true,
        hint: 'orders.category.minutesHint',
        render: (row) => durationText(row.resolveMinutes, t),
      },
      { key: 'position', label: 'orders.category.position', type: 'number' },
    ],
  };
  return <ResourcePage spec={spec} />;
}
