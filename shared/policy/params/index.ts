/**
 * The tables shipped with the code, validated once at import. JSON is imported (not read from disk) so that the
 * mini-program bundle carries the same tables as the server: a quote shown before paying equals the charge.
 */
import concentratedPeriod from './concentrated-period.json';
import continuityIncentive from './continuity-incentive.json';
import credit from './credit.json';
import graceWindow from './grace-window.json';
import infant from './infant.json';
import medicalAidShare from './medical-aid-share.json';
import newborn from './newborn.json';
import prepay from './prepay.json';
import refund from './refund.json';
import standardResident from './standard-resident.json';
import standardStudent from './standard-student.json';
import targets from './targets.json';
import waitingPeriod from './waiting-period.json';
import { loadParams } from './load';

export const RAW_PARAMS: Readonly<Record<string, unknown>> = {
  'standard-resident': standardResident,
  'standard-student': standardStudent,
  'concentrated-period': concentratedPeriod,
  'grace-window': graceWindow,
  'medical-aid-share': medicalAidShare,
  newborn,
  infant,
  'waiting-period': waitingPeriod,
  'continuity-incentive': continuityIncentive,
  prepay,
  credit,
  refund,
  targets,
};

export const params = loadParams(RAW_PARAMS);
