# The two commands: `make run` and `make test`. Everything else is their plumbing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STATIC_STAMP := static/vendor/.built

.PHONY: run test install static migrate demo serve-prod backup restore lint format clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(STATIC_STAMP): package.json package-lock.json scripts/build_static.sh
	bash scripts/build_static.sh
	touch $(STATIC_STAMP)

install: $(STAMP)

static: $(STATIC_STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: install static demo
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install static
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

# Production: DEBUG=0, SECRET_KEY and ALLOWED_HOSTS set in the environment.
serve-prod: install static
	DEBUG=0 $(BIN)/python manage.py collectstatic --noinput
	DEBUG=0 $(BIN)/python manage.py migrate --noinput
	DEBUG=0 $(BIN)/gunicorn emc2.wsgi:application --bind 127.0.0.1:8000 --workers 3

# Database + media into backups/emc2-backup-<UTC time>.tar.gz (BACKUP_DIR=... to change);
# `make restore ARCHIVE=backups/emc2-backup-....tar.gz` replaces both with the archive's.
backup: install
	bash scripts/backup.sh $(BACKUP_DIR)

restore: install
	@test -n "$(ARCHIVE)" || { echo "usage: make restore ARCHIVE=path/to/emc2-backup-....tar.gz"; exit 2; }
	bash scripts/restore.sh "$(ARCHIVE)"

lint:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles
