import { infantCases } from './infant.cases';
import { medicalAidCases } from './medicalAid.cases';
import { newbornCases } from './newborn.cases';
import { standardCases } from './standard.cases';
import { studentCases } from './student.cases';
import type { PolicyCase } from './types';
import { validationCases } from './validation.cases';
import { villageCases } from './village.cases';
import { waitingCases } from './waiting.cases';

export const QUOTE_CASES: Record<string, PolicyCase[]> = {
  'individual standard (D1)': standardCases,
  'medical-aid subsidy (D3)': medicalAidCases,
  'newborn (D4)': newbornCases,
  'infant of an employee (D5)': infantCases,
  'student standard (D2, D6)': studentCases,
  'village collective (D7, D6)': villageCases,
  'collection dates and waiting (D8–D10)': waitingCases,
  'request validation': validationCases,
};
