//! A TCP proxy in front of MariaDB that a test can cut: to see what parc
//! does when its OCS server becomes unreachable in the middle of a run.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// A proxy to `upstream` listening on 127.0.0.1 (a free port).
pub struct Proxy {
    port: u16,
    state: Arc<State>,
}

#[derive(Default)]
struct State {
    /// Bytes sent from the server to clients since the proxy started.
    downstream: AtomicU64,
    /// Cut every connection once `downstream` passes this (0 = never).
    cut_after: AtomicU64,
    /// Refuse new connections and close open ones.
    down: AtomicBool,
    open: Mutex<Vec<TcpStream>>,
}

impl State {
    fn cut(&self) {
        self.down.store(true, Ordering::SeqCst);
        for stream in self.open.lock().unwrap().drain(..) {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}

impl Proxy {
    /// Starts forwarding to `upstream` (`host:port`).
    pub fn start(upstream: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(State::default());
        let upstream = upstream.to_owned();
        let shared = state.clone();
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                if shared.down.load(Ordering::SeqCst) {
                    let _ = client.shutdown(Shutdown::Both);
                    continue;
                }
                let Ok(server) = TcpStream::connect(&upstream) else {
                    continue;
                };
                {
                    let mut open = shared.open.lock().unwrap();
                    open.push(client.try_clone().unwrap());
                    open.push(server.try_clone().unwrap());
                }
                let (c2, s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
                let up = shared.clone();
                std::thread::spawn(move || pipe(client, server, &up, false));
                let down = shared.clone();
                std::thread::spawn(move || pipe(s2, c2, &down, true));
            }
        });
        Self { port, state }
    }

    /// `127.0.0.1:<port>`.
    pub fn address(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Cuts every connection once the server has sent `bytes` more bytes,
    /// and refuses connections from then on.
    pub fn cut_after(&self, bytes: u64) {
        let now = self.state.downstream.load(Ordering::SeqCst);
        self.state.cut_after.store(now + bytes, Ordering::SeqCst);
    }

    /// Cuts every connection now and refuses new ones.
    pub fn cut(&self) {
        self.state.cut();
    }

    /// Whether the cut happened.
    pub fn is_down(&self) -> bool {
        self.state.down.load(Ordering::SeqCst)
    }

    /// Accepts connections again (the server is back).
    pub fn restore(&self) {
        self.state.cut_after.store(0, Ordering::SeqCst);
        self.state.down.store(false, Ordering::SeqCst);
    }

    /// Bytes the server sent through the proxy so far.
    pub fn downstream_bytes(&self) -> u64 {
        self.state.downstream.load(Ordering::SeqCst)
    }
}

fn pipe(mut from: TcpStream, mut to: TcpStream, state: &State, counts: bool) {
    let mut buffer = [0u8; 16 * 1024];
    loop {
        if state.down.load(Ordering::SeqCst) {
            break;
        }
        let n = match from.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        if counts {
            let total = state.downstream.fetch_add(n as u64, Ordering::SeqCst) + n as u64;
            let limit = state.cut_after.load(Ordering::SeqCst);
            if limit > 0 && total >= limit {
                state.cut();
                break;
            }
        }
        if to.write_all(&buffer[..n]).is_err() {
            break;
        }
    }
    let _ = from.shutdown(Shutdown::Both);
    let _ = to.shutdown(Shutdown::Both);
}
