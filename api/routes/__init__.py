"""One APIRouter per resource family."""
