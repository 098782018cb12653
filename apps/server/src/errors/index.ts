export { ApiError, notFound, type ProblemExtensions } from "./api-error";
export { ERROR_CATALOGUE, ERROR_CODES, type ErrorCode } from "./catalogue";
export {
  createErrorHandler,
  describeZodError,
  notFoundHandler,
  PROBLEM_TYPE_BASE,
  type ProblemDocument,
  problemResponse,
  toProblem,
  validationHook,
} from "./problem";
