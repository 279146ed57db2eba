// Table types of monitoring's results frameworks (migration 0086).
import type { ColumnType, Generated } from 'kysely';

/** numeric: PostgreSQL sends text (exact), PGlite may send a number; read through Number(). */
type Numeric = ColumnType<string | number, string | number, string | number>;
type NullableNumeric = ColumnType<string | number | null, string | number | null, string | number | null>;
type Json = ColumnType<unknown, string | undefined, string>;

export type MonitoringTables = {
  results_frameworks: {
    id: Generated<string>;
    owner_kind: string;
    plan_id: string | null;
    programme: string | null;
    owner_org_id: string;
    title: string;
    goal: string;
    created_by: string;
    created_at: Generated<Date>;
  };
  results_nodes: {
    id: Generated<string>;
    framework_id: string;
    owner_org_id: string;
    plan_id: string | null;
    level: string;
    parent_id: string | null;
    parent_level: string | null;
    position: number;
    title: string;
    commitment_id: string | null;
    created_at: Generated<Date>;
  };
  results_indicators: {
    id: Generated<string>;
    framework_id: string;
    owner_org_id: string;
    plan_id: string | null;
    node_id: string;
    position: number;
    title: string;
    definition: string;
    unit: string;
    currency: string | null;
    direction: string;
    baseline: NullableNumeric;
    baseline_period: string | null;
    frequency: string;
    responsible_org_id: string;
    dimensions: Generated<string[]>;
    source: string;
    computed_kind: string | null;
    computed_params: Json;
    created_by: string;
    created_at: Generated<Date>;
    published_at: Date | null;
  };
  results_targets: {
    indicator_id: string;
    framework_id: string;
    owner_org_id: string;
    responsible_org_id: string;
    plan_id: string | null;
    period: string;
    value: Numeric;
  };
  results_reports: {
    id: Generated<string>;
    indicator_id: string;
    framework_id: string;
    owner_org_id: string;
    responsible_org_id: string;
    plan_id: string | null;
    period: string;
    status: Generated<string>;
    current_version: Generated<number>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  results_report_versions: {
    report_id: string;
    version: number;
    value: Numeric;
    numerator: NullableNumeric;
    denominator: NullableNumeric;
    disaggregates: Json;
    evidence: string;
    evidence_url: string | null;
    jump_from: NullableNumeric;
    submitted_by: string;
    submitted_at: Generated<Date>;
  };
  results_reviews: {
    id: Generated<string>;
    report_id: string;
    version: number;
    decision: string;
    reason: string | null;
    reviewed_by: string;
    reviewed_at: Generated<Date>;
  };
};
