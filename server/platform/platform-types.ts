// The national platform's rule-analysis interface 3101 (事前) / 3102 (事中), as documented in
// shared/domain/platform-3101.md. Only the fields we read or write are typed; everything arrives
// loosely (clients send numbers as text, "" for empty lists), so the mapping normalises as it reads.

export type Loose = Record<string, unknown>;

/** `input.data` (输入-规则分析信息). */
export interface RuleAnalysisData {
  syscode?: string;
  patient_dtos: PatientDto[];
  /** An array, or a comma-separated string in some C# clients. */
  rule_ids?: string[] | string;
  task_id?: string;
  /** 1门诊挂号 2门诊收费登记 3住院登记 4住院收费登记 5住院执行医嘱 → 事前; 6门诊结算 7门诊预结算 8住院结算 9住院预结算 → 事中. */
  trig_scen?: string;
}

export interface PatientDto extends Loose {
  patn_id: string;
  patn_name?: string;
  gend?: string;
  brdy?: string;
  poolarea?: string;
  curr_mdtrt_id: string;
  fsi_encounter_dtos: EncounterDto[];
}

export interface EncounterDto extends Loose {
  mdtrt_id: string;
  medins_id?: string;
  medins_name?: string;
  medins_admdvs?: string;
  medins_lv?: string;
  adm_date?: string;
  dscg_date?: string | null;
  dscg_main_dise_codg?: string;
  dscg_main_dise_name?: string;
  med_type?: string;
  insutype?: string;
  fsi_diagnose_dtos?: DiagnoseDto[] | '';
  fsi_order_dtos?: OrderDto[] | '';
  fsi_operation_dtos?: OperationDto[] | '';
}

export interface DiagnoseDto extends Loose {
  dise_id?: string | number;
  inout_dise_type?: string;
  maindise_flag?: string;
  dias_srt_no?: string | number;
  dise_codg: string;
  dise_name?: string;
  dise_date?: string;
}

export interface OrderDto extends Loose {
  rx_id: string;
  rxno?: string;
  hilist_code?: string;
  hilist_name?: string;
  hilist_lv?: string;
  hosplist_code?: string;
  chrg_type?: string;
  drord_bhvr?: string;
  cnt?: number | string;
  pric?: number | string;
  sumamt?: number | string;
  drord_begn_date?: string;
  drord_dept_codg?: string;
  drord_dr_codg?: string;
  /** 1 = part of this call; 0 = an earlier order sent as context. */
  curr_drord_flag?: string;
}

export interface OperationDto extends Loose {
  setl_list_oprn_id?: string;
  oprn_code?: string;
  oprn_name?: string;
  main_oprn_flag?: string;
  oprn_date?: string;
}

/** `output.result[]` (输出-违规信息). */
export interface JudgeResult {
  jr_id: string;
  rule_id: string;
  rule_name: string;
  vola_cont: string;
  patn_id: string;
  mdtrt_id?: string;
  judge_result_detail_dtos: JudgeResultDetail[];
  vola_amt: number;
  vola_amt_stas: string;
  sev_deg: string;
  vola_evid?: string;
  vola_bhvr_type: string;
  task_id?: string;
}

/** `judge_result_detail_dtos[]` (输出-违规明细信息). */
export interface JudgeResultDetail {
  jrd_id: string;
  patn_id: string;
  mdtrt_id?: string;
  rx_id?: string;
  /** 1违规项 2涉及项. */
  vola_item_type: '1' | '2';
  vola_amt: number;
}

/** The response envelope common to all platform transactions. */
export interface PlatformResponse {
  infcode: number;
  inf_refmsgid: string | null;
  refmsg_time: string;
  respond_time: string;
  enctype: null;
  signtype: null;
  err_msg: string | null;
  output: { result: JudgeResult[] };
}
