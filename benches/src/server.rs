//! A minimal HTTP/1.1 server on 127.0.0.1 for the client benchmark: a thread per
//! connection, keep-alive, every request read to the end of its `Content-Length` body and
//! answered `200 OK` with one fixed JSON body. Just enough HTTP for `reqwest`'s requests;
//! it lives as long as the benchmark process.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;

/// A running server.
#[derive(Debug, Clone, Copy)]
pub struct Server {
    addr: SocketAddr,
}

impl Server {
    /// Binds 127.0.0.1 on a free port and serves `body` (as `application/json`) to every
    /// request, from background threads.
    pub fn start(body: Vec<u8>) -> io::Result<Server> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let mut response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        response.extend_from_slice(&body);
        let response: Arc<[u8]> = response.into();
        thread::Builder::new()
            .name("bench-http-accept".to_owned())
            .spawn(move || {
                for stream in listener.incoming() {
                    let Ok(stream) = stream else { continue };
                    let response = Arc::clone(&response);
                    let _ = thread::Builder::new()
                        .name("bench-http-conn".to_owned())
                        .spawn(move || serve(stream, &response));
                }
            })?;
        Ok(Server { addr })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// Answers the requests of one connection until the client closes it.
fn serve(stream: TcpStream, response: &[u8]) -> io::Result<()> {
    stream.set_nodelay(true)?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    let mut body = Vec::new();
    loop {
        // Request line, then headers up to the empty line.
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let mut content_length = 0usize;
        loop {
            line.clear();
            if reader.read_line(&mut line)? == 0 {
                return Ok(());
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    content_length = value.trim().parse().map_err(|_| {
                        io::Error::new(io::ErrorKind::InvalidData, "bad content-length")
                    })?;
                }
            }
        }
        body.resize(content_length, 0);
        reader.read_exact(&mut body)?;
        writer.write_all(response)?;
    }
}
